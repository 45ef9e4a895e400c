package exchange

import (
	"fmt"
	"slices"

	"junction/backend/domain"
	"junction/backend/invoke"
)

// The wire form of a flow (spec/PACKAGE.md "Flows"), in the key order an
// export writes. A flow travels without its owner, grants, revision and
// stamps, like a connector: the importer owns what it imports.

type flowDTO struct {
	Key         string `json:"key"`
	Name        string `json:"name"`
	Description string `json:"description"`
	// Enabled is a pointer because its default is true: absent is not false.
	Enabled          *bool             `json:"enabled"`
	Trigger          triggerDTO        `json:"trigger"`
	Inputs           []paramDTO        `json:"inputs"`
	Steps            []stepDTO         `json:"steps"`
	Outputs          map[string]string `json:"outputs"`
	TimeoutSec       int               `json:"timeoutSec"`
	Overlap          string            `json:"overlap"`
	CatchUp          string            `json:"catchUp"`
	CatchUpWindowSec int               `json:"catchUpWindowSec"`
}

// triggerDTO writes only the fields of its type, as the spec's shapes:
// {"type":"manual"}, {"type":"interval","everySec":300},
// {"type":"cron","cron":"0 9 * * *","timezone":"Asia/Shanghai"} (a cron
// without timezone runs in the local one).
type triggerDTO struct {
	Type     string `json:"type"`
	EverySec int    `json:"everySec,omitempty"`
	Cron     string `json:"cron,omitempty"`
	Timezone string `json:"timezone,omitempty"`
}

type stepDTO struct {
	Key         string         `json:"key"`
	Name        string         `json:"name"`
	Invoke      string         `json:"invoke"`
	Connection  string         `json:"connection"`
	Account     string         `json:"account"`
	Inputs      map[string]any `json:"inputs"`
	RunIf       *conditionDTO  `json:"runIf"`
	ForEach     string         `json:"forEach"`
	Concurrency int            `json:"concurrency"`
	Retry       *retryDTO      `json:"retry"`
	OnFailure   string         `json:"onFailure"`
}

type retryDTO struct {
	Attempts  int `json:"attempts"`
	BackoffMs int `json:"backoffMs"`
}

// ---- flows -> DTOs (export) ----

func flowToDTO(f *domain.Flow) flowDTO {
	enabled := f.Enabled
	d := flowDTO{
		Key:              f.Key,
		Name:             f.Name,
		Description:      f.Description,
		Enabled:          &enabled,
		Trigger:          triggerDTO(f.Trigger),
		Inputs:           paramsToDTO(f.Inputs),
		Steps:            make([]stepDTO, 0, len(f.Steps)),
		Outputs:          orEmptyMap(f.Outputs),
		TimeoutSec:       f.TimeoutSec,
		Overlap:          f.Overlap,
		CatchUp:          f.CatchUp,
		CatchUpWindowSec: f.CatchUpWindowSec,
	}
	for _, s := range f.Steps {
		sd := stepDTO{
			Key:         s.Key,
			Name:        s.Name,
			Invoke:      s.Invoke,
			Connection:  s.Connection,
			Account:     s.Account,
			Inputs:      s.Inputs,
			ForEach:     s.ForEach,
			Concurrency: s.Concurrency,
			OnFailure:   s.OnFailure,
		}
		if sd.Inputs == nil {
			sd.Inputs = map[string]any{}
		}
		if s.RunIf != nil {
			c := conditionToDTO(*s.RunIf)
			sd.RunIf = &c
		}
		if s.Retry != nil {
			sd.Retry = &retryDTO{Attempts: s.Retry.Attempts, BackoffMs: s.Retry.BackoffMs}
		}
		d.Steps = append(d.Steps, sd)
	}
	return d
}

// ---- DTOs -> flows (import) ----

// flowFromDTO reads flow d at field path at, without defaults or checks.
func flowFromDTO(d flowDTO, at string) (domain.Flow, error) {
	inputs, err := paramsFromDTO(d.Inputs, at+".inputs")
	if err != nil {
		return domain.Flow{}, err
	}
	f := domain.Flow{
		Key:              d.Key,
		Name:             d.Name,
		Description:      d.Description,
		Enabled:          d.Enabled == nil || *d.Enabled,
		Trigger:          domain.Trigger(d.Trigger),
		Inputs:           inputs,
		Steps:            make([]domain.Step, 0, len(d.Steps)),
		Outputs:          d.Outputs,
		TimeoutSec:       d.TimeoutSec,
		Overlap:          d.Overlap,
		CatchUp:          d.CatchUp,
		CatchUpWindowSec: d.CatchUpWindowSec,
	}
	for _, sd := range d.Steps {
		s := domain.Step{
			Key:         sd.Key,
			Name:        sd.Name,
			Invoke:      sd.Invoke,
			Connection:  sd.Connection,
			Account:     sd.Account,
			Inputs:      sd.Inputs,
			ForEach:     sd.ForEach,
			Concurrency: sd.Concurrency,
			OnFailure:   sd.OnFailure,
		}
		if sd.RunIf != nil {
			c := conditionFromDTO(*sd.RunIf)
			s.RunIf = &c
		}
		if sd.Retry != nil {
			s.Retry = &domain.Retry{Attempts: sd.Retry.Attempts, BackoffMs: sd.Retry.BackoffMs}
		}
		f.Steps = append(f.Steps, s)
	}
	return f, nil
}

// checkFlows applies the defaults of PACKAGE.md and the shape rules of
// CreateFlow to the package's flows, in place, and refuses a key repeated
// in the package. Whether each step's interface exists (in the store or the
// package), and what its outputs are, is the service's to check once the
// package's connectors are written.
func checkFlows(ds []flowDTO) ([]domain.Flow, error) {
	out := make([]domain.Flow, 0, len(ds))
	keys := map[string]int{}
	for i, d := range ds {
		at := fmt.Sprintf("flows[%d]", i)
		f, err := flowFromDTO(d, at)
		if err != nil {
			return nil, err
		}
		domain.NormalizeFlow(&f, false)
		if err := domain.ValidateFlow(&f, nil, invoke.FlowChecks); err != nil {
			return nil, domain.Prefix(at, err)
		}
		if j, dup := keys[f.Key]; dup {
			return nil, domain.Invalid(at+".key", "%q is also the key of flows[%d]: a package holds each flow once", f.Key, j).
				With(domain.RFieldDuplicate, "name", f.Key)
		}
		keys[f.Key] = i
		out = append(out, f)
	}
	return out, nil
}

// FlowConnectors are the keys of the connectors a flow's steps call, sorted,
// each once.
func FlowConnectors(f *domain.Flow) []string {
	var keys []string
	for _, s := range f.Steps {
		if ck, _, ok := domain.SplitInvoke(s.Invoke); ok && !slices.Contains(keys, ck) {
			keys = append(keys, ck)
		}
	}
	slices.Sort(keys)
	return keys
}
