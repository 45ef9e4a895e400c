package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"junction/backend/domain"
)

// The scheduler's state (migration 0010): each timed flow's next fire time,
// the fires claimed and the one lease. Times are stored in UTC so that the
// text SQLite compares and the (flow, scheduled time) key are the same for
// one instant whoever writes them, and to the second: the driver writes
// RFC 3339 text, whose fractions would not compare as text ("…00Z" sorts
// after "…00.5Z").

// TimedFlow is an enabled flow with an interval or cron trigger, with its
// schedule row as the scheduler last wrote it.
type TimedFlow struct {
	ID               string
	Trigger          domain.Trigger
	Overlap          string
	CatchUp          string
	CatchUpWindowSec int
	// TriggerJSON is the flow's trigger as stored; ScheduledTrigger the
	// trigger its NextFireAt was computed from ("" and nil without a row).
	TriggerJSON      string
	ScheduledTrigger string
	NextFireAt       *time.Time
}

// timedTrigger is the SQL test for a flow whose trigger fires by itself.
const timedTrigger = `enabled AND json_extract(trigger, '$.type') IN ('` + domain.TriggerInterval + `', '` + domain.TriggerCron + `')`

// TimedFlows lists the enabled flows whose trigger is an interval or a cron,
// each with its schedule row if it has one.
func (t *Tx) TimedFlows() ([]TimedFlow, error) {
	var rows []struct {
		ID               string
		Trigger          string
		Overlap          string
		CatchUp          string
		CatchUpWindowSec int
		ScheduledTrigger *string
		NextFireAt       *time.Time
	}
	err := t.db.Raw(`SELECT f.id, f.trigger, f.overlap, f.catch_up, f.catch_up_window_sec,
		s.trigger AS scheduled_trigger, s.next_fire_at
		FROM flows f LEFT JOIN flow_schedule s ON s.flow_id = f.id
		WHERE f.id IN (SELECT id FROM flows WHERE ` + timedTrigger + `) ORDER BY f.id`).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("read timed flows: %w", err)
	}
	out := make([]TimedFlow, len(rows))
	for i, r := range rows {
		f := TimedFlow{ID: r.ID, Overlap: r.Overlap, CatchUp: r.CatchUp, CatchUpWindowSec: r.CatchUpWindowSec,
			TriggerJSON: r.Trigger, NextFireAt: r.NextFireAt}
		if r.ScheduledTrigger != nil {
			f.ScheduledTrigger = *r.ScheduledTrigger
		}
		if err := json.Unmarshal([]byte(r.Trigger), &f.Trigger); err != nil {
			return nil, fmt.Errorf("read the trigger of flow %s: %w", r.ID, err)
		}
		out[i] = f
	}
	return out, nil
}

// ScheduleNextFire sets flow's next fire time, computed from trigger (the
// flow's trigger JSON as TimedFlows gave it).
func (t *Tx) ScheduleNextFire(flowID string, at time.Time, trigger string) error {
	err := t.db.Exec(`INSERT INTO flow_schedule (flow_id, next_fire_at, trigger) VALUES (?, ?, ?)
		ON CONFLICT (flow_id) DO UPDATE SET next_fire_at = excluded.next_fire_at, trigger = excluded.trigger`,
		flowID, at.UTC().Truncate(time.Second), trigger).Error
	if err != nil {
		return fmt.Errorf("schedule flow %s: %w", flowID, err)
	}
	return nil
}

// PruneSchedule drops the schedule rows of flows that are disabled or no
// longer timed, so that enabling one again computes its next fire from then
// instead of firing a stale one.
func (t *Tx) PruneSchedule() error {
	err := t.db.Exec(`DELETE FROM flow_schedule WHERE flow_id NOT IN
		(SELECT id FROM flows WHERE ` + timedTrigger + `)`).Error
	if err != nil {
		return fmt.Errorf("prune the schedule: %w", err)
	}
	return nil
}

// ClaimFire records that holder runs flow's fire scheduled at scheduledAt.
// It is false, not an error, when that fire was claimed before (by another
// process, before a restart, or before the clock moved back): each fire runs
// at most once.
func (t *Tx) ClaimFire(flowID string, scheduledAt time.Time, holder string) (bool, error) {
	res := t.db.Exec(`INSERT INTO flow_fires (flow_id, scheduled_at, claimed_by, claimed_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (flow_id, scheduled_at) DO NOTHING`, flowID, scheduledAt.UTC().Truncate(time.Second), holder, t.now)
	if res.Error != nil {
		return false, fmt.Errorf("claim the fire of flow %s at %s: %w", flowID, scheduledAt.UTC().Format(time.RFC3339), res.Error)
	}
	return res.RowsAffected == 1, nil
}

// SetFireRun records the run that flow's fire scheduled at scheduledAt made.
func (t *Tx) SetFireRun(flowID string, scheduledAt time.Time, runID string) error {
	err := t.db.Exec(`UPDATE flow_fires SET run_id = ? WHERE flow_id = ? AND scheduled_at = ?`,
		runID, flowID, scheduledAt.UTC().Truncate(time.Second)).Error
	if err != nil {
		return fmt.Errorf("record the run of flow %s's fire: %w", flowID, err)
	}
	return nil
}

// NextFireTimes is the next fire time of each flow of ids that is enabled
// and timed and whose schedule row was computed from its trigger as it is.
func (t *Tx) NextFireTimes(ids []string) (map[string]time.Time, error) {
	var rows []struct {
		FlowID     string
		NextFireAt time.Time
	}
	err := t.db.Raw(`SELECT s.flow_id, s.next_fire_at FROM flow_schedule s JOIN flows f ON f.id = s.flow_id
		WHERE s.flow_id IN ? AND s.trigger = f.trigger AND f.id IN (SELECT id FROM flows WHERE `+timedTrigger+`)`, ids).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("read the flows' next fire times: %w", err)
	}
	out := make(map[string]time.Time, len(rows))
	for _, r := range rows {
		out[r.FlowID] = r.NextFireAt
	}
	return out, nil
}

// SchedulerLease is who schedules the store's flows, until ExpiresAt unless renewed.
type SchedulerLease struct {
	Holder      string
	HolderLabel string
	AcquiredAt  time.Time
	ExpiresAt   time.Time
}

func (SchedulerLease) TableName() string { return "scheduler_lease" }

// AcquireLease takes the scheduler lease for holder until now+ttl when it is
// free, expired or already holder's (then it renews it, keeping when it was
// acquired). It is false when another holder has it.
func (t *Tx) AcquireLease(holder, label string, now time.Time, ttl time.Duration) (bool, error) {
	now = now.UTC().Truncate(time.Second)
	res := t.db.Exec(`INSERT INTO scheduler_lease (id, holder, holder_label, acquired_at, expires_at) VALUES (1, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET holder = excluded.holder, holder_label = excluded.holder_label,
			acquired_at = CASE WHEN scheduler_lease.holder = excluded.holder THEN scheduler_lease.acquired_at ELSE excluded.acquired_at END,
			expires_at = excluded.expires_at
		WHERE scheduler_lease.holder = excluded.holder OR scheduler_lease.expires_at <= excluded.acquired_at`,
		holder, label, now, now.Add(ttl))
	if res.Error != nil {
		return false, fmt.Errorf("acquire the scheduler lease: %w", res.Error)
	}
	return res.RowsAffected == 1, nil
}

// ReleaseLease gives up holder's lease (nothing when another holds it), so
// that another scheduler may take it at once.
func (t *Tx) ReleaseLease(holder string) error {
	if err := t.db.Exec(`DELETE FROM scheduler_lease WHERE holder = ?`, holder).Error; err != nil {
		return fmt.Errorf("release the scheduler lease: %w", err)
	}
	return nil
}

// LeaseHolder is the lease as stored (maybe expired: compare ExpiresAt with
// the clock), nil when no scheduler holds it.
func (t *Tx) LeaseHolder() (*SchedulerLease, error) {
	var lease SchedulerLease
	err := t.db.Take(&lease).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read the scheduler lease: %w", err)
	}
	return &lease, nil
}

// FlowRunning says whether a run of the flow is still going (verdict ""),
// started by this process or another, by a trigger or by hand: what the
// overlap policy of a scheduled fire looks at.
func (t *Tx) FlowRunning(flowID string) (bool, error) {
	var running bool
	err := t.db.Raw(`SELECT EXISTS (SELECT 1 FROM flow_runs WHERE flow_id = ? AND verdict = '')`, flowID).Scan(&running).Error
	if err != nil {
		return false, fmt.Errorf("is flow %s running: %w", flowID, err)
	}
	return running, nil
}
