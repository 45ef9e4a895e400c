package schema

import "junction/backend/domain"

// Merge adds to existing the params of incoming that it lacks, matching by name
// at each level, and returns the merged tree. Existing params keep everything
// the user set (type, path, description, order); only their children grow, and
// only when they are objects or arrays, since other types have no children.
// New params follow the existing ones, in incoming's order. Neither argument is
// modified.
func Merge(existing, incoming []domain.ResponseParam) []domain.ResponseParam {
	if len(existing) == 0 && len(incoming) == 0 {
		return nil
	}
	out := make([]domain.ResponseParam, 0, len(existing)+len(incoming))
	at := make(map[string]int, len(existing))
	for _, p := range existing {
		if _, dup := at[p.Name]; !dup {
			at[p.Name] = len(out)
		}
		out = append(out, clone(p))
	}
	for _, p := range incoming {
		i, ok := at[p.Name]
		if !ok {
			at[p.Name] = len(out)
			out = append(out, clone(p))
			continue
		}
		if have := &out[i]; have.Type == typeObject || have.Type == typeArray {
			have.Children = Merge(have.Children, p.Children)
		}
	}
	return out
}

// clone deep-copies a param so the merged tree shares no children with its inputs.
func clone(p domain.ResponseParam) domain.ResponseParam {
	if p.Children != nil {
		kids := make([]domain.ResponseParam, len(p.Children))
		for i, c := range p.Children {
			kids[i] = clone(c)
		}
		p.Children = kids
	}
	return p
}
