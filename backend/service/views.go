package service

import (
	"junction/backend/audit"
	"junction/backend/domain"
	"junction/backend/invoke"
)

// The conversions from the domain's and the engine's structs to the views of
// types.go, in one place: a view is a plain struct of its own, so what the
// doors (and the generated TypeScript) see changes only here.

// connectionViewOf is a connection's view without its accounts and counts;
// the client-certificate password shows only as set or not.
func connectionViewOf(c *domain.Connection) ConnectionView {
	return ConnectionView{
		ID: c.ID, ConnectorID: c.ConnectorID, Key: c.Key, Name: c.Name, Description: c.Description,
		ResourceType: c.ResourceType, Protocol: c.Protocol, Host: c.Host, BasePath: c.BasePath, Charset: c.Charset,
		ConnectTimeoutSec: c.ConnectTimeoutSec, ResponseTimeoutSec: c.ResponseTimeoutSec, TLS: c.TLS, Proxy: c.Proxy,
		Auth: c.Auth, Status: c.Status, CreatedAt: c.CreatedAt, CreatedBy: c.CreatedBy, UpdatedAt: c.UpdatedAt,
		UpdatedBy: c.UpdatedBy, ClientCertPasswordSet: c.ClientCertPassword != "" && c.ClientCertPassword != certPasswordPending,
		Accounts: []AccountView{},
	}
}

// interfaceViewOf is an interface's view; connectionKey names its connection.
func interfaceViewOf(it *domain.Interface, connectionKey string) *InterfaceView {
	return &InterfaceView{
		ID: it.ID, ConnectorID: it.ConnectorID, Key: it.Key, Name: it.Name, Description: it.Description,
		ConnectionID: it.ConnectionID, Method: it.Method, Path: it.Path, BodyType: it.BodyType, Request: it.Request,
		Response: it.Response, Success: it.Success, Messages: it.Messages, Revision: it.Revision,
		CreatedAt: it.CreatedAt, CreatedBy: it.CreatedBy, UpdatedAt: it.UpdatedAt, UpdatedBy: it.UpdatedBy,
		ConnectionKey: connectionKey,
	}
}

// auditViewOf is an audit entry's view; its params are those the change
// logged in the details (see run.log).
func auditViewOf(e *domain.AuditEntry) AuditView {
	return AuditView{
		Seq: e.Seq, At: e.At, Actor: e.Actor, Action: e.Action, TargetType: e.TargetType,
		TargetID: e.TargetID, TargetKey: e.TargetKey, ConnectorID: e.ConnectorID, Summary: e.Summary,
		Params: audit.Params(e.Details), Details: e.Details, PrevHash: e.PrevHash, Hash: e.Hash,
	}
}

// invokeResultOf is a call's result and the history row that records it.
func invokeResultOf(r *invoke.Result, historyID string) *InvokeResult {
	return &InvokeResult{
		Verdict: r.Verdict, OK: r.OK, Message: r.Message, Status: r.Status, Outputs: r.Outputs,
		Request: r.Request, Response: r.Response, Timing: r.Timing, Redirects: r.Redirects, TokenStep: r.TokenStep,
		NotSent: r.NotSent, Notes: r.Notes, NoteList: r.NoteList, Cause: r.Cause, CauseNote: r.CauseNote, DefaultMessage: r.DefaultMessage, HistoryID: historyID,
	}
}

// repeatSummaryOf is a repeated run's figures and the row that records it.
func repeatSummaryOf(s *invoke.RepeatStats, historyID string) *RepeatSummary {
	return &RepeatSummary{RepeatStats: *s, HistoryID: historyID}
}

// warn adds warnings to an import's report in both forms: the English of
// Warnings and WarningList.
func (r *ImportReport) warn(ns ...domain.Note) {
	for _, n := range ns {
		r.Warnings = append(r.Warnings, n.Text)
		r.WarningList = append(r.WarningList, n)
	}
}
