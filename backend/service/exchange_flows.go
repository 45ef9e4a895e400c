package service

import (
	"fmt"
	"slices"
	"strings"

	"junction/backend/access"
	"junction/backend/audit"
	"junction/backend/domain"
	"junction/backend/exchange"
)

// Flows in packages (issue 11): an export carries the flows that call only
// the exported connectors; an import writes the package's flows after its
// connectors, in the same transaction, through the rules of CreateFlow and
// UpdateFlow.

// flowReportKey is how an import report and a dry run name a flow.
func flowReportKey(key string) string { return "flow:" + key }

// exportFlows lists the flows an export of the connectors keys (sorted)
// carries: those the actor sees whose every step calls one of them, by
// key. A flow that calls one of them and another connector too is left
// out, and named in leftOut ("flow KEY calls connector X, which is not
// exported"): a package holds what its flows need, so that it imports
// into any store.
func (r *run) exportFlows(keys []string) (flows []domain.Flow, leftOut []string, err error) {
	scope := access.VisibleTo(r.user)
	if scope.None {
		return nil, nil, nil
	}
	all, err := r.tx.ListFlows(scope)
	if err != nil {
		return nil, nil, err
	}
	for _, f := range all {
		var missing []string
		calls := false
		for _, ck := range exchange.FlowConnectors(&f) {
			if _, found := slices.BinarySearch(keys, ck); found {
				calls = true
			} else {
				missing = append(missing, ck)
			}
		}
		switch {
		case !calls:
		case len(missing) > 0:
			leftOut = append(leftOut, fmt.Sprintf("flow %s is not in the package: it also calls %s, which %s not exported (export %s with it to include the flow)",
				f.Key, strings.Join(missing, ", "), plural(len(missing), "is", "are"), strings.Join(missing, " ")))
		default:
			flows = append(flows, f)
		}
	}
	slices.SortFunc(flows, func(a, b domain.Flow) int { return strings.Compare(a.Key, b.Key) })
	slices.Sort(leftOut)
	return flows, leftOut, nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// importFlows writes the package's flows, after its connectors: a step may call
// an interface of the store or of the package. connectorKeys maps a
// connector key of the package to the key it was written under (a copy,
// or --connector), so that the flows call what the package brought.
func (r *importRun) importFlows(flows []domain.Flow, connectorKeys map[string]string) error {
	for i := range flows {
		f := &flows[i]
		for j := range f.Steps {
			st := &f.Steps[j]
			if ck, ik, ok := domain.SplitInvoke(st.Invoke); ok && connectorKeys[ck] != "" {
				st.Invoke = connectorKeys[ck] + "/" + ik
			}
		}
		if err := r.importFlow(f); err != nil {
			return domain.Prefix(fmt.Sprintf("flows[%d]", i), err)
		}
	}
	return nil
}

// importFlow writes one flow of the package by the conflict strategy.
func (r *importRun) importFlow(f *domain.Flow) error {
	key := f.Key
	existing, err := r.tx.FlowByKey(key)
	switch {
	case domain.ErrorCode(err) == domain.ENotFound:
		return r.createFlow(f)
	case err != nil:
		return err
	}
	switch r.opts.OnConflict {
	case OnConflictSkip:
		r.report.Skipped = append(r.report.Skipped, flowReportKey(key))
		return nil
	case OnConflictCopy:
		if f.Key, err = r.freeFlowCopyKey(key); err != nil {
			return err
		}
		f.Name += " (copy)"
		return r.createFlow(f)
	case OnConflictOverwrite:
		return r.overwriteFlow(existing, f)
	}
	return (&domain.Error{Code: domain.EConflict, Field: "key",
		Message: fmt.Sprintf("flow %s already exists; import with on-conflict skip, overwrite or copy", key)}).With(domain.RFlowKeyTaken, "key", key)
}

// createFlow is CreateFlow for a flow of a package: owned by the actor, who
// needs connectors.create and view on every connector it calls, checked by
// checkFlow, with its entry. Unlike CreateFlow it keeps the package's
// enabled. Like CreateFlow it writes no schedule row: the scheduler plans
// a timed flow it has not seen from the moment it first sees it.
func (r *importRun) createFlow(f *domain.Flow) error {
	u := r.user
	if !u.HasPerm(domain.PermConnectorsCreate) {
		return domain.Errorf(domain.EPermission, "%s lacks connectors.create and cannot import the new flow %s", u.Name, f.Key)
	}
	f.ID, f.OwnerID, f.CreatedBy, f.UpdatedBy = newID(), u.ID, u.Name, u.Name
	steps, err := r.checkFlow(f, nil)
	if err != nil {
		return err
	}
	if err := r.tx.CreateFlow(f, steps); err != nil {
		return err
	}
	r.report.Created = append(r.report.Created, flowReportKey(f.Key))
	return r.log(flowEntry(domain.ActionFlowCreate, f, "imported", audit.Diff(nil, flowAudit(f))))
}

// overwriteFlow is UpdateFlow for a flow of a package, enabled included:
// the actor needs maintain on the stored flow, which keeps its owner and
// grants and takes the package's definition as its next revision.
func (r *importRun) overwriteFlow(stored *domain.Flow, in *domain.Flow) error {
	f, _, err := r.run.flow(stored.Key, access.NeedMaintain)
	if err != nil {
		return err
	}
	before := *f
	applyFlowInput(f, FlowInput{Key: f.Key, Name: in.Name, Description: in.Description, Trigger: in.Trigger, Inputs: in.Inputs,
		Steps: in.Steps, Outputs: in.Outputs, TimeoutSec: in.TimeoutSec, Overlap: in.Overlap, CatchUp: in.CatchUp, CatchUpWindowSec: in.CatchUpWindowSec})
	f.Enabled = in.Enabled
	steps, err := r.checkFlow(f, &before)
	if err != nil {
		return err
	}
	f.UpdatedBy = r.user.Name
	if err := r.tx.SaveFlow(f, steps); err != nil {
		return err
	}
	r.report.Updated = append(r.report.Updated, flowReportKey(f.Key))
	return r.log(flowEntry(domain.ActionFlowUpdate, f, "overwritten from a package", audit.Diff(flowAudit(&before), flowAudit(f))))
}

// freeFlowCopyKey is the first of KEY-copy, KEY-copy-2, ... that no flow has.
func (r *importRun) freeFlowCopyKey(key string) (string, error) {
	for n := 1; ; n++ {
		candidate := key + "-copy"
		if n > 1 {
			candidate = fmt.Sprintf("%s-copy-%d", key, n)
		}
		if len(candidate) > 64 {
			return "", domain.Invalid("key", "no free copy key for flow %s within 64 characters", key)
		}
		_, err := r.tx.FlowByKey(candidate)
		if domain.ErrorCode(err) == domain.ENotFound {
			return candidate, nil
		}
		if err != nil {
			return "", err
		}
	}
}
