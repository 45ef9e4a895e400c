package service

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"junction/backend/access"
	"junction/backend/audit"
	"junction/backend/domain"
	"junction/backend/invoke"
	"junction/backend/store"
)

// Flows (issue 11): owned and granted like connectors, under the same
// access.Scope; creating one needs connectors.create, editing maintain on
// the flow. Runs are the flow engine's.

// FlowInput is what a door gives to create or edit a flow. Enabled is
// switched by EnableFlow and DisableFlow; a new flow is enabled.
type FlowInput struct {
	Key              string            `json:"key"`
	Name             string            `json:"name"`
	Description      string            `json:"description"`
	Trigger          domain.Trigger    `json:"trigger"`
	Inputs           []domain.Param    `json:"inputs"`
	Steps            []domain.Step     `json:"steps"`
	Outputs          map[string]string `json:"outputs"`
	TimeoutSec       int               `json:"timeoutSec"`
	Overlap          string            `json:"overlap"`
	CatchUp          string            `json:"catchUp"`
	CatchUpWindowSec int               `json:"catchUpWindowSec"`
}

// ListFlows lists the flows the actor sees, by name.
func (s *Service) ListFlows(ctx context.Context, actor string) ([]FlowSummary, error) {
	var out []FlowSummary
	err := s.look(ctx, actor, withPerm(""), func(r *run) error {
		scope := access.VisibleTo(r.user)
		if scope.None {
			return access.Denied(r.user, "see the action flows (needs connectors.view)")
		}
		flows, err := r.tx.ListFlows(scope)
		if err != nil {
			return err
		}
		ids, owners := make([]string, len(flows)), make([]string, len(flows))
		for i, f := range flows {
			ids[i], owners[i] = f.ID, f.OwnerID
		}
		levels, err := r.tx.FlowGrantLevels(r.user.ID, ids...)
		if err != nil {
			return err
		}
		names, err := r.tx.UserNames(owners...)
		if err != nil {
			return err
		}
		next, err := r.tx.NextFireTimes(ids)
		if err != nil {
			return err
		}
		verdicts, err := r.tx.LastFlowVerdicts(ids)
		if err != nil {
			return err
		}
		out = make([]FlowSummary, len(flows))
		for i := range flows {
			f := &flows[i]
			out[i] = flowSummaryOf(f, names[f.OwnerID], scope.Rights(f.OwnerID, levels[f.ID]))
			if at, ok := next[f.ID]; ok {
				out[i].NextRunAt = &at
			}
			out[i].LastVerdict = verdicts[f.ID]
		}
		return nil
	})
	return out, err
}

// GetFlow is one flow whole, for an actor with view on it.
func (s *Service) GetFlow(ctx context.Context, actor, key string) (*FlowView, error) {
	var out *FlowView
	err := s.look(ctx, actor, withPerm(""), func(r *run) error {
		f, rights, err := r.flow(key, access.NeedView)
		if err != nil {
			return err
		}
		out, err = flowView(r.tx, f, rights)
		return err
	})
	return out, err
}

// CreateFlow creates a flow owned by the actor, who needs connectors.create
// and view on every connector its steps call.
func (s *Service) CreateFlow(ctx context.Context, actor string, in FlowInput) (*FlowView, error) {
	var out *FlowView
	err := s.change(ctx, actor, withPerm(domain.PermConnectorsCreate), func(r *run) error {
		now, u := r.tx.Now(), r.user
		f := &domain.Flow{ID: newID(), OwnerID: u.ID, CreatedBy: u.Name, UpdatedBy: u.Name}
		applyFlowInput(f, in)
		domain.NormalizeFlow(f, true)
		steps, err := r.checkFlow(f, nil)
		if err != nil {
			return err
		}
		if err := r.tx.CreateFlow(f, steps); err != nil {
			return err
		}
		f.CreatedAt = now
		if err := r.log(flowEntry(domain.ActionFlowCreate, f, "created", audit.Diff(nil, flowAudit(f)))); err != nil {
			return err
		}
		out, err = flowView(r.tx, f, access.VisibleTo(u).Rights(f.OwnerID, ""))
		return err
	})
	return out, err
}

// UpdateFlow replaces a flow's definition (its key stays) as its next
// revision; the actor needs maintain on it.
func (s *Service) UpdateFlow(ctx context.Context, actor, key string, in FlowInput) (*FlowView, error) {
	var out *FlowView
	err := s.change(ctx, actor, withPerm(""), func(r *run) error {
		f, rights, err := r.flow(key, access.NeedMaintain)
		if err != nil {
			return err
		}
		if err := keyUnchanged(f.Key, in.Key); err != nil {
			return err
		}
		before := *f
		in.Key = f.Key
		applyFlowInput(f, in)
		domain.NormalizeFlow(f, false)
		steps, err := r.checkFlow(f, &before)
		if err != nil {
			return err
		}
		f.UpdatedBy = r.user.Name
		if err := r.tx.SaveFlow(f, steps); err != nil {
			return err
		}
		if err := r.log(flowEntry(domain.ActionFlowUpdate, f, "updated", audit.Diff(flowAudit(&before), flowAudit(f)))); err != nil {
			return err
		}
		out, err = flowView(r.tx, f, rights)
		return err
	})
	return out, err
}

// DeleteFlow deletes a flow with its grants and runs; the actor needs
// maintain on it.
func (s *Service) DeleteFlow(ctx context.Context, actor, key string) error {
	return s.change(ctx, actor, withPerm(""), func(r *run) error {
		f, _, err := r.flow(key, access.NeedMaintain)
		if err != nil {
			return err
		}
		if err := r.tx.DeleteFlow(f); err != nil {
			return err
		}
		return r.log(flowEntry(domain.ActionFlowDelete, f, "deleted", audit.Diff(flowAudit(f), nil)))
	})
}

// EnableFlow lets a flow's trigger fire again; the actor needs maintain.
func (s *Service) EnableFlow(ctx context.Context, actor, key string) (*FlowView, error) {
	return s.setFlowEnabled(ctx, actor, key, true)
}

// DisableFlow stops a flow's trigger (it can still be run by hand); the
// actor needs maintain.
func (s *Service) DisableFlow(ctx context.Context, actor, key string) (*FlowView, error) {
	return s.setFlowEnabled(ctx, actor, key, false)
}

func (s *Service) setFlowEnabled(ctx context.Context, actor, key string, enabled bool) (*FlowView, error) {
	var out *FlowView
	err := s.change(ctx, actor, withPerm(""), func(r *run) error {
		f, rights, err := r.flow(key, access.NeedMaintain)
		if err != nil {
			return err
		}
		if f.Enabled != enabled {
			action, done := domain.ActionFlowDisable, "disabled"
			if enabled {
				action, done = domain.ActionFlowEnable, "enabled"
			}
			if err := r.tx.SetFlowEnabled(f, enabled, r.user.Name); err != nil {
				return err
			}
			if err := r.log(flowEntry(action, f, done, audit.Diff(map[string]any{"enabled": !enabled}, map[string]any{"enabled": enabled}))); err != nil {
				return err
			}
		}
		out, err = flowView(r.tx, f, rights)
		return err
	})
	return out, err
}

// flow loads the flow key and the actor's rights on it, refusing them
// unless they include n.
func (r *run) flow(key string, n access.Need) (*domain.Flow, access.Rights, error) {
	f, err := r.tx.FlowByKey(key)
	if err != nil {
		return nil, access.Rights{}, err
	}
	level, err := r.tx.FlowGrantLevel(f.ID, r.user.ID)
	if err != nil {
		return nil, access.Rights{}, err
	}
	rights := access.VisibleTo(r.user).Rights(f.OwnerID, level)
	if !rights.Has(n) {
		return nil, rights, access.Denied(r.user, string(n)+" flow "+key)
	}
	return f, rights, nil
}

func applyFlowInput(f *domain.Flow, in FlowInput) {
	f.Key, f.Name, f.Description, f.Trigger = in.Key, in.Name, in.Description, in.Trigger
	f.Inputs, f.Steps, f.Outputs = in.Inputs, in.Steps, in.Outputs
	f.TimeoutSec, f.Overlap, f.CatchUp, f.CatchUpWindowSec = in.TimeoutSec, in.Overlap, in.CatchUp, in.CatchUpWindowSec
}

// checkFlow resolves the interface of every step and validates f against
// them; it returns step key -> interface id for the store. A step that is
// new, or whose invoke or connection changed from before, cannot call an
// interface whose connector or connection is sealed; one that already did
// keeps working.
func (r *run) checkFlow(f *domain.Flow, before *domain.Flow) (map[string]string, error) {
	if err := domain.ValidateFlow(f, nil, invoke.FlowChecks); err != nil {
		return nil, err // the shape first: resolving needs valid invokes
	}
	ifaces := make([]*domain.Interface, len(f.Steps))
	ids := make(map[string]string, len(f.Steps))
	for i := range f.Steps {
		st := &f.Steps[i]
		field := fmt.Sprintf("steps[%d]", i)
		it, sealed, err := r.resolveStep(st, field)
		if err != nil {
			return nil, err
		}
		if sealed != "" && !keptStep(before, st) {
			return nil, domain.Errorf(domain.ERule, "%s: %s is sealed (%s); a new step cannot call it", field, st.Invoke, sealed).
				With(domain.RFlowInterfaceSealed, "invoke", st.Invoke, "what", sealed)
		}
		ifaces[i], ids[st.Key] = it, it.ID
	}
	if err := domain.ValidateFlow(f, ifaces, invoke.FlowChecks); err != nil {
		return nil, err
	}
	return ids, nil
}

// keptStep reports whether before had a step with st's key calling the
// same interface through the same connection.
func keptStep(before *domain.Flow, st *domain.Step) bool {
	if before == nil {
		return false
	}
	i := slices.IndexFunc(before.Steps, func(b domain.Step) bool { return b.Key == st.Key })
	return i >= 0 && before.Steps[i].Invoke == st.Invoke && before.Steps[i].Connection == st.Connection
}

// resolveStep finds the interface a step calls (the actor needs view on
// its connector) and says what of it is sealed ("" for nothing).
func (r *run) resolveStep(st *domain.Step, field string) (*domain.Interface, string, error) {
	ck, ik, _ := domain.SplitInvoke(st.Invoke)
	c, _, err := r.connector(ck, access.NeedView)
	if domain.ErrorCode(err) == domain.ENotFound {
		return nil, "", unknownInvoke(field, st.Invoke)
	}
	if err != nil {
		return nil, "", err
	}
	it, err := r.tx.Interface(c, ik)
	if domain.ErrorCode(err) == domain.ENotFound {
		return nil, "", unknownInvoke(field, st.Invoke)
	}
	if err != nil {
		return nil, "", err
	}
	conns, err := r.tx.Connections(c.ID)
	if err != nil {
		return nil, "", err
	}
	want := func(cn domain.Connection) bool { return cn.ID == it.ConnectionID }
	if st.Connection != "" {
		want = func(cn domain.Connection) bool { return cn.Key == st.Connection }
	}
	at := slices.IndexFunc(conns, want)
	if at < 0 {
		return nil, "", domain.Invalid(field+".connection", "connector %s has no connection %s", ck, st.Connection).
			With(domain.RFlowStepConnectionUnknown, "connector", ck, "connection", st.Connection)
	}
	var sealed []string
	if c.Status == domain.StatusSealed {
		sealed = append(sealed, "connector "+c.Key)
	}
	if conns[at].Status == domain.StatusSealed {
		sealed = append(sealed, "connection "+conns[at].Key)
	}
	return it, strings.Join(sealed, ", "), nil
}

func unknownInvoke(field, invoke string) error {
	return domain.Invalid(field+".invoke", "%s names no interface you can see", invoke).With(domain.RFlowInterfaceUnknown, "invoke", invoke)
}

func flowEntry(action domain.Action, f *domain.Flow, done string, changes map[string]audit.Change) logged {
	return logged{action: action, targetType: "flow", targetID: f.ID, targetKey: f.Key,
		summary: "flow " + f.Key + " " + done, changes: changes}
}

// flowAudit is what the audit log records of a flow.
func flowAudit(f *domain.Flow) map[string]any {
	return map[string]any{"key": f.Key, "name": f.Name, "description": f.Description, "enabled": f.Enabled,
		"trigger": f.Trigger, "inputs": f.Inputs, "steps": f.Steps, "outputs": f.Outputs, "timeoutSec": f.TimeoutSec,
		"overlap": f.Overlap, "catchUp": f.CatchUp, "catchUpWindowSec": f.CatchUpWindowSec}
}

func flowSummaryOf(f *domain.Flow, owner string, rights access.Rights) FlowSummary {
	return FlowSummary{
		ID: f.ID, Key: f.Key, Name: f.Name, Description: f.Description, Owner: owner, Enabled: f.Enabled,
		Trigger: f.Trigger, StepCount: len(f.Steps), Revision: f.Revision, UpdatedAt: f.UpdatedAt,
		Access: Access{Level: rights.Level(), CanManage: rights.Manage, CanDelete: rights.Maintain},
	}
}

func flowView(tx *store.Tx, f *domain.Flow, rights access.Rights) (*FlowView, error) {
	names, err := tx.UserNames(f.OwnerID)
	if err != nil {
		return nil, err
	}
	return &FlowView{
		FlowSummary: flowSummaryOf(f, names[f.OwnerID], rights),
		Inputs:      f.Inputs, Steps: f.Steps, Outputs: f.Outputs, TimeoutSec: f.TimeoutSec,
		Overlap: f.Overlap, CatchUp: f.CatchUp, CatchUpWindowSec: f.CatchUpWindowSec,
		CreatedAt: f.CreatedAt, CreatedBy: f.CreatedBy, UpdatedBy: f.UpdatedBy,
	}, nil
}
