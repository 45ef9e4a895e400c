package service

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"junction/backend/access"
	"junction/backend/domain"
	"junction/backend/invoke"
)

// FlowRunDetail is one run whole, for the studio's 运行记录: the run and
// every step attempt as recorded (redacted when recorded).
type FlowRunDetail struct {
	RunID       string           `json:"runId"`
	Flow        string           `json:"flow"`
	FlowName    string           `json:"flowName"`
	Revision    int              `json:"revision"`
	Trigger     string           `json:"trigger"`
	ScheduledAt *time.Time       `json:"scheduledAt" ts_type:"string | null"`
	StartedAt   time.Time        `json:"startedAt" ts_type:"string"`
	EndedAt     *time.Time       `json:"endedAt" ts_type:"string | null"`
	Actor       string           `json:"actor"`
	Verdict     string           `json:"verdict"`
	Message     string           `json:"message"`
	FailedAt    string           `json:"failedAt"`
	RerunOf     string           `json:"rerunOf"`
	Reused      []string         `json:"reused"`
	TotalMs     float64          `json:"totalMs"`
	Inputs      map[string]any   `json:"inputs"`
	Outputs     map[string]any   `json:"outputs"`
	Attempts    []FlowStepRecord `json:"attempts"`
}

// FlowStepRecord is one attempt of one step (of one forEach item, Item -1
// without forEach): the call as sent and answered.
type FlowStepRecord struct {
	Step     string                `json:"step"`
	Item     int                   `json:"item"`
	Attempt  int                   `json:"attempt"`
	Verdict  string                `json:"verdict"`
	Message  string                `json:"message"`
	Status   int                   `json:"status"`
	Request  invoke.RequestRecord  `json:"request"`
	Response invoke.ResponseRecord `json:"response"`
	Outputs  any                   `json:"outputs"`
	// Timing is zero but for TotalMs for an attempt recorded before timings were kept.
	Timing    invoke.Timing `json:"timing"`
	StartedAt time.Time     `json:"startedAt" ts_type:"string"`
	TotalMs   float64       `json:"totalMs"`
}

// FlowRunDetail reads one run and its step attempts, in the order they
// ended; the actor needs view on the run's flow. It changes nothing.
func (s *Service) FlowRunDetail(ctx context.Context, actor, runID string) (*FlowRunDetail, error) {
	var out *FlowRunDetail
	err := s.look(ctx, actor, withPerm(""), func(r *run) error {
		fr, err := r.tx.FlowRunByID(runID)
		if err != nil {
			return err
		}
		byID, err := r.tx.FlowByID(fr.FlowID)
		if err != nil {
			return err
		}
		f, _, err := r.flow(byID.Key, access.NeedView)
		if err != nil {
			return err
		}
		steps, err := r.tx.StepRuns(runID)
		if err != nil {
			return err
		}
		out, err = flowRunDetailOf(f, fr, steps)
		return err
	})
	return out, err
}

func flowRunDetailOf(f *domain.Flow, fr *domain.FlowRun, steps []domain.StepRun) (*FlowRunDetail, error) {
	d := &FlowRunDetail{RunID: fr.ID, Flow: f.Key, FlowName: f.Name, Revision: fr.Revision, Trigger: fr.Trigger,
		ScheduledAt: fr.ScheduledAt, StartedAt: fr.StartedAt, EndedAt: fr.EndedAt, Actor: fr.Actor,
		Verdict: fr.Verdict, Message: fr.Message, FailedAt: fr.FailedAt, RerunOf: fr.RerunOf,
		Reused: append([]string{}, fr.Reused...), TotalMs: fr.TotalMs,
		Inputs: map[string]any{}, Outputs: map[string]any{}, Attempts: make([]FlowStepRecord, 0, len(steps))}
	if err := unmarshalRecorded(fr.Inputs, &d.Inputs, "inputs of flow run "+fr.ID); err != nil {
		return nil, err
	}
	if err := unmarshalRecorded(fr.Outputs, &d.Outputs, "outputs of flow run "+fr.ID); err != nil {
		return nil, err
	}
	for _, sr := range steps {
		rec := FlowStepRecord{Step: sr.StepKey, Item: sr.Item, Attempt: sr.Attempt, Verdict: sr.Verdict,
			Message: sr.Message, Status: sr.Status, StartedAt: sr.StartedAt, TotalMs: sr.TotalMs}
		what := fmt.Sprintf("step %s (attempt %d) of flow run %s", sr.StepKey, sr.Attempt, fr.ID)
		for _, part := range []struct {
			raw json.RawMessage
			v   any
		}{{sr.Request, &rec.Request}, {sr.Response, &rec.Response}, {sr.Outputs, &rec.Outputs}, {sr.Timing, &rec.Timing}} {
			if err := unmarshalRecorded(part.raw, part.v, what); err != nil {
				return nil, err
			}
		}
		if rec.Timing.TotalMs == 0 {
			rec.Timing.TotalMs = sr.TotalMs
		}
		if rec.Request.Headers == nil {
			rec.Request.Headers = map[string]string{}
		}
		if rec.Response.Headers == nil {
			rec.Response.Headers = map[string]string{}
		}
		d.Attempts = append(d.Attempts, rec)
	}
	return d, nil
}

// unmarshalRecorded decodes a recorded JSON column; empty is nothing recorded.
func unmarshalRecorded(raw json.RawMessage, v any, what string) error {
	if len(raw) == 0 {
		return nil
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("read the %s: %w", what, err)
	}
	return nil
}
