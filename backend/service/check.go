package service

import (
	"context"
	"fmt"

	"junction/backend/access"
	"junction/backend/domain"
	"junction/backend/invoke"
)

// ProbeResult is what a connection check found (see invoke.ProbeResult); the
// doors name it through the service, which they alone import.
type ProbeResult = invoke.ProbeResult

// certPassword opens a connection's client-certificate password; "" when it
// has none, or only a package's declaration of one.
func (s *Service) certPassword(conn *domain.Connection) (string, error) {
	if conn.ClientCertPassword == "" || conn.ClientCertPassword == certPasswordPending {
		return "", nil
	}
	pw, err := s.box.Open(conn.ClientCertPassword)
	if err != nil {
		return "", fmt.Errorf("open the client certificate password of connection %s: %w", conn.Key, err)
	}
	return pw, nil
}

// CheckConnection checks whether a connection's system can be reached: DNS
// lookup, TCP connect, proxy tunnel, TLS handshake (with the server's
// certificate and the client certificate) and a first HTTP answer (see
// invoke.Engine.Probe); a token-exchange connection then runs its token
// request with its default account. It needs view access; a sealed
// connection can be checked too. What the network says is the result, not
// an error; the audit log records that the check ran and how it ended.
func (s *Service) CheckConnection(ctx context.Context, actor, connector, connection string) (*invoke.ProbeResult, error) {
	return s.CheckConnectionAs(ctx, actor, connector, connection, "")
}

// CheckConnectionAs is CheckConnection with the token request made for the
// named account ("" for the default one, as a call takes).
func (s *Service) CheckConnectionAs(ctx context.Context, actor, connector, connection, account string) (*invoke.ProbeResult, error) {
	var c *domain.Connector
	var conn *domain.Connection
	var target invoke.Target
	err := s.look(ctx, actor, onConnector(connector, access.NeedView), func(r *run) (err error) {
		c = r.conn
		if conn, err = r.tx.Connection(c, connection); err != nil {
			return err
		}
		pw, err := s.certPassword(conn)
		if err != nil {
			return err
		}
		target = invoke.Target{Connection: *conn, CertPassword: pw}
		if conn.Auth.Type != domain.AuthTokenExchange {
			return nil
		}
		target.Account, err = s.callAccount(r.tx, conn, account)
		return err
	})
	if err != nil {
		return nil, err
	}
	// The network is asked outside any transaction: a slow system must not
	// hold the database.
	res := s.engine.Probe(ctx, target)
	reached := "reachable"
	if !res.OK {
		reached = "not reachable"
	}
	details := map[string]any{"ok": res.OK, "url": res.URL, "totalMs": res.TotalMs}
	if step, reason := firstProblem(&res); step != "" {
		details["step"], details["reason"] = step, reason
	}
	err = s.change(ctx, actor, onConnector(connector, access.NeedView), func(r *run) error {
		return r.log(logged{action: domain.ActionConnectionCheck, targetType: "connection", targetID: conn.ID,
			targetKey: c.Key + "/" + conn.Key, summary: "connection " + conn.Key + " checked: " + reached,
			extra: details})
	})
	if err != nil {
		return nil, err
	}
	return &res, nil
}

// firstProblem names the first step of a check that did not succeed and its
// reason code, for the audit log.
func firstProblem(r *invoke.ProbeResult) (step, reason string) {
	switch {
	case r.Error != "":
		return "settings", "other"
	case r.DNS.Status == invoke.ProbeFailed:
		return "dns", r.DNS.Reason
	case r.TCP.Status == invoke.ProbeFailed:
		return "tcp", r.TCP.Reason
	case r.Tunnel != nil && r.Tunnel.Status != invoke.ProbeOK:
		return "tunnel", r.Tunnel.Reason
	}
	if t := r.TLS; t != nil {
		switch {
		case t.ClientCert != nil && !t.ClientCert.Loaded:
			return "clientCert", "unreadable"
		case t.CABundle != nil && !t.CABundle.Loaded:
			return "caBundle", "unreadable"
		case t.Status == invoke.ProbeFailed:
			return "tls", t.Reason
		case !t.Verified && !t.SkipVerify:
			return "verify", t.VerifyReason
		}
	}
	if r.HTTP.Status == invoke.ProbeFailed {
		return "http", r.HTTP.Reason
	}
	if r.Token != nil && r.Token.Error != "" {
		return "token", "tokenFailed"
	}
	return "", ""
}
