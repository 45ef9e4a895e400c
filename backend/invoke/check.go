package invoke

import "junction/backend/domain"

// CheckConnection applies the domain's rules to a normalised connection and
// compiles its token exchange as a call would, so that a definition that
// cannot run (an unbalanced {{ in a header, a bad refreshWhen) is refused
// when it is saved or imported rather than at the first call. Errors are
// validation errors naming the field ("auth.tokenExchange.headers.X-Sign").
// Certificate paths are not looked at: whether they name usable files
// depends on the machine (see CheckCertFile).
func CheckConnection(c *domain.Connection) error {
	if err := domain.ValidateConnection(c); err != nil {
		return err
	}
	if te := c.Auth.TokenExchange; te != nil && c.Auth.Type == domain.AuthTokenExchange {
		if _, err := compileExchange(te); err != nil {
			return domain.Prefix("auth.tokenExchange", err)
		}
	}
	return nil
}

// CheckInterface applies the domain's rules to a normalised interface and
// compiles it as a call would: templates, static values of the param's
// type, conditions. Errors name the field ("request[0].source.value"). It
// is the whole check of a definition: save and import call it alone.
func CheckInterface(it *domain.Interface) error {
	if err := domain.ValidateInterface(it); err != nil {
		return err
	}
	_, err := compile(it)
	return err
}
