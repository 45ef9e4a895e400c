// Package schedule fires the timed triggers of flows (issue 11 point 2):
// each flow's next fire time is kept in the store and compared with the
// wall clock, each fire is claimed once in the store, and only the holder
// of the store's lease schedules.
package schedule

import (
	"fmt"
	"time"

	"github.com/robfig/cron/v3"

	"junction/backend/domain"
)

// cronParser reads the five standard fields (and the @daily-style
// descriptors), the form the flow editor and packages use.
var cronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// Timing is a parsed timed trigger: Next gives the first fire strictly
// after a time.
type Timing interface {
	Next(after time.Time) time.Time
}

// interval fires every period from the last fire.
type interval time.Duration

func (p interval) Next(after time.Time) time.Time { return after.Add(time.Duration(p)) }

// zonedCron evaluates a cron in its zone, so that "0 9 * * *" is nine
// o'clock there whatever the offset, across daylight-saving changes.
type zonedCron struct {
	spec cron.Schedule
	zone *time.Location
}

func (c zonedCron) Next(after time.Time) time.Time {
	next := c.spec.Next(after.In(c.zone))
	// When the clocks go back, a wall time happens twice; robfig's cron
	// returns both. A cron names wall times, so the second is skipped.
	if !next.IsZero() && sameWallTime(next, after.In(c.zone)) {
		next = c.spec.Next(next)
	}
	return next
}

func sameWallTime(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd && a.Hour() == b.Hour() && a.Minute() == b.Minute()
}

// Parse reads a trigger that fires by itself (interval or cron); a manual
// trigger, a bad cron or an unknown zone is an error.
func Parse(t domain.Trigger) (Timing, error) {
	switch t.Type {
	case domain.TriggerInterval:
		if t.EverySec <= 0 {
			return nil, fmt.Errorf("interval trigger every %d s: the period must be positive", t.EverySec)
		}
		return interval(time.Duration(t.EverySec) * time.Second), nil
	case domain.TriggerCron:
		spec, err := cronParser.Parse(t.Cron)
		if err != nil {
			return nil, fmt.Errorf("cron %q: %w", t.Cron, err)
		}
		zone := time.Local
		if t.Timezone != "" {
			if zone, err = time.LoadLocation(t.Timezone); err != nil {
				return nil, fmt.Errorf("cron time zone %q: %w", t.Timezone, err)
			}
		}
		return zonedCron{spec: spec, zone: zone}, nil
	default:
		return nil, fmt.Errorf("trigger %q does not fire by itself", t.Type)
	}
}

// NextFires gives the n fire times of t after after (the editor's "next
// five"), in after's location.
func NextFires(t domain.Trigger, after time.Time, n int) ([]time.Time, error) {
	timing, err := Parse(t)
	if err != nil {
		return nil, err
	}
	out := make([]time.Time, 0, n)
	for at := after; len(out) < n; {
		at = timing.Next(at)
		if at.IsZero() { // a cron that never fires again (30 February)
			break
		}
		out = append(out, at.In(after.Location()))
	}
	return out, nil
}

// catchUpWalk bounds the walk over missed cron fires after a long sleep:
// it starts this long before now when the next fire is older (a cron every
// minute missing a year would be half a million steps).
const catchUpWalk = 48 * time.Hour

// dueSlot is, for a fire scheduled at next that is due by now, the latest
// fire time not after now (what a wake fires, once) and the first after now
// (the new next fire time; zero for a cron that never fires again).
func dueSlot(timing Timing, next, now time.Time) (latest, following time.Time) {
	if p, ok := timing.(interval); ok {
		periods := now.Sub(next) / time.Duration(p)
		latest = next.Add(periods * time.Duration(p))
		return latest, latest.Add(time.Duration(p))
	}
	latest = next
	if from := now.Add(-catchUpWalk); from.After(next) {
		if at := timing.Next(from); !at.IsZero() && !at.After(now) {
			latest = at
		}
	}
	for following = timing.Next(latest); !following.IsZero() && !following.After(now); following = timing.Next(latest) {
		latest = following
	}
	return latest, following
}
