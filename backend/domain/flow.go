package domain

import (
	"encoding/json"
	"time"
)

// The flow model (DESIGN.md "Flow", spec/PACKAGE.md "Flows"): a flow chains
// calls of interfaces, started by a trigger; each run is a FlowRun with one
// StepRun per attempt and forEach item. The JSON names are the package
// format's.

// Trigger types.
const (
	TriggerManual   = "manual"
	TriggerInterval = "interval"
	TriggerCron     = "cron"
	// TriggerRerun marks a run started by re-running another (FlowRun.Trigger only).
	TriggerRerun = "rerun"
)

// TriggerTypes lists the triggers a flow may have.
var TriggerTypes = []string{TriggerManual, TriggerInterval, TriggerCron}

// Overlap policies: what a scheduled fire does while a run of the flow is
// still running.
const (
	OverlapSkip  = "skip" // the fire is recorded as a skipped run (default)
	OverlapQueue = "queue"
)

// Catch-up policies: what a scheduler does on start with fires it missed
// while nothing was running.
const (
	CatchUpSkip = "skip" // default
	CatchUpOnce = "once" // run once if the latest missed fire is within CatchUpWindowSec
)

// On-failure policies of a step.
const (
	OnFailureStop     = "stop" // default
	OnFailureContinue = "continue"
)

// Flow run verdicts besides the call verdicts (ok, unmet, timeout, error).
const (
	VerdictSkipped   = "skipped"
	VerdictCancelled = "cancelled"
)

// DefaultFlowTimeoutSec bounds a whole run when the flow sets none.
const DefaultFlowTimeoutSec = 600

// DefaultFlowRunsKept is how many runs a flow keeps (settings may change it).
const DefaultFlowRunsKept = 500

// Trigger says when a flow runs by itself.
type Trigger struct {
	Type string `json:"type"`
	// EverySec is an interval trigger's period.
	EverySec int `json:"everySec,omitempty"`
	// Cron is a cron trigger's five fields; Timezone an IANA zone, "" the local one.
	Cron     string `json:"cron,omitempty"`
	Timezone string `json:"timezone,omitempty"`
}

// Retry says how a step retries a call that failed on the network, timed
// out, or answered 408, 429 or 5xx: Attempts counts the first one;
// BackoffMs is the first wait, doubled each time, with jitter, at least what
// a Retry-After asks.
type Retry struct {
	Attempts  int `json:"attempts"`
	BackoffMs int `json:"backoffMs"`
}

// Step is one call of a flow.
type Step struct {
	Key  string `json:"key"`
	Name string `json:"name"`
	// Invoke names the interface: "connector/interface".
	Invoke string `json:"invoke"`
	// Connection and Account override the interface's connection and the
	// connection's default account ("" keeps them).
	Connection string `json:"connection,omitempty"`
	Account    string `json:"account,omitempty"`
	// Inputs maps the interface's input names to templates or literals; a
	// value that is exactly one {{ }} keeps its JSON type.
	Inputs map[string]any `json:"inputs"`
	// RunIf, when set, is a condition over input.*, steps.<key>.outputs.*,
	// steps.<key>.status: the step runs only when it holds.
	RunIf *Condition `json:"runIf"`
	// ForEach, when set, is a template giving an array; the step runs once
	// per element (item in scope), Concurrency at a time (default 1), its
	// outputs an array in order.
	ForEach     string `json:"forEach,omitempty"`
	Concurrency int    `json:"concurrency,omitempty"`
	Retry       *Retry `json:"retry,omitempty"`
	OnFailure   string `json:"onFailure"`
}

// Flow is an action flow (动作流), owned and granted like a connector.
type Flow struct {
	ID          string  `gorm:"primaryKey" json:"id"`
	Key         string  `gorm:"uniqueIndex;not null" json:"key"`
	Name        string  `gorm:"not null" json:"name"`
	Description string  `json:"description"`
	OwnerID     string  `gorm:"index" json:"ownerId"`
	Enabled     bool    `json:"enabled"`
	Trigger     Trigger `gorm:"serializer:json" json:"trigger"`
	// Inputs are the flow's typed inputs: request-param trees without In.
	Inputs []Param `gorm:"serializer:json" json:"inputs"`
	Steps  []Step  `gorm:"serializer:json" json:"steps"`
	// Outputs maps output names to templates over input and steps.
	Outputs          map[string]string `gorm:"serializer:json" json:"outputs"`
	TimeoutSec       int               `json:"timeoutSec"`
	Overlap          string            `json:"overlap"`
	CatchUp          string            `json:"catchUp"`
	CatchUpWindowSec int               `json:"catchUpWindowSec"`
	// Revision grows on every edit; a run records the revision it ran.
	Revision  int       `json:"revision"`
	CreatedAt time.Time `json:"createdAt"`
	CreatedBy string    `json:"createdBy"`
	UpdatedAt time.Time `json:"updatedAt"`
	UpdatedBy string    `json:"updatedBy"`
}

// FlowGrant gives a profile view or maintain on one flow (LevelView, LevelMaintain).
type FlowGrant struct {
	FlowID    string    `gorm:"primaryKey" json:"flowId"`
	UserID    string    `gorm:"primaryKey;index" json:"userId"`
	Level     string    `gorm:"not null" json:"level"`
	CreatedAt time.Time `json:"createdAt"`
}

// FlowRun is one run of a flow. Inputs are redacted; Reused lists the
// steps whose recorded outputs a re-run took from RerunOf.
type FlowRun struct {
	ID          string          `gorm:"primaryKey" json:"id"`
	FlowID      string          `gorm:"index;not null" json:"flowId"`
	Revision    int             `json:"revision"`
	Trigger     string          `json:"trigger"`
	ScheduledAt *time.Time      `json:"scheduledAt"`
	StartedAt   time.Time       `json:"startedAt"`
	EndedAt     *time.Time      `json:"endedAt"`
	Actor       string          `json:"actor"`
	Inputs      json.RawMessage `gorm:"serializer:json" json:"inputs" ts_type:"unknown"`
	Outputs     json.RawMessage `gorm:"serializer:json" json:"outputs" ts_type:"unknown"`
	// Verdict is "" while the run is running.
	Verdict  string   `json:"verdict"`
	Message  string   `json:"message"`
	RerunOf  string   `json:"rerunOf"`
	Reused   []string `gorm:"serializer:json" json:"reused"`
	TotalMs  float64  `json:"totalMs"`
	FailedAt string   `json:"failedAt"` // the key of the step that failed the run
}

// StepRun is one attempt of one step (of one forEach item) in a run: the
// call runner's record, redacted.
type StepRun struct {
	ID      string `gorm:"primaryKey" json:"id"`
	RunID   string `gorm:"index;not null" json:"runId"`
	StepKey string `json:"stepKey"`
	// Item is the forEach element's index, -1 for a step without forEach.
	Item     int             `json:"item"`
	Attempt  int             `json:"attempt"`
	Verdict  string          `json:"verdict"`
	Message  string          `json:"message"`
	Status   int             `json:"status"`
	Request  json.RawMessage `gorm:"serializer:json" json:"request" ts_type:"unknown"`
	Response json.RawMessage `gorm:"serializer:json" json:"response" ts_type:"unknown"`
	Outputs  json.RawMessage `gorm:"serializer:json" json:"outputs" ts_type:"unknown"`
	// Timing is the call runner's timing of the attempt ({} when no call was made).
	Timing    json.RawMessage `gorm:"serializer:json" json:"timing" ts_type:"unknown"`
	StartedAt time.Time       `json:"startedAt"`
	TotalMs   float64         `json:"totalMs"`
}
