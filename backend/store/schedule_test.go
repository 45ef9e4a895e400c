package store_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/store"
	"junction/backend/store/storetest"
)

// addFlow writes a flow row as the flow store would (its methods live in
// flows.go, written in parallel): only the columns the schedule reads matter.
func addFlow(t *testing.T, st *store.Store, key string, enabled bool, tr domain.Trigger) string {
	t.Helper()
	trigger, err := json.Marshal(tr)
	require.NoError(t, err)
	id := "f-" + key
	require.NoError(t, st.DB.Exec(`INSERT INTO flows (id, key, name, enabled, trigger) VALUES (?, ?, ?, ?, ?)`,
		id, key, key, enabled, string(trigger)).Error)
	return id
}

func mustWrite(t *testing.T, st *store.Store, fn func(tx *store.Tx) error) {
	t.Helper()
	require.NoError(t, st.Write(t.Context(), fn))
}

func TestTimedFlows_ListsEnabledIntervalAndCronFlowsWithTheirScheduleRow(t *testing.T) {
	st := storetest.Open(t)
	every := addFlow(t, st, "every", true, domain.Trigger{Type: domain.TriggerInterval, EverySec: 60})
	cron := addFlow(t, st, "cron", true, domain.Trigger{Type: domain.TriggerCron, Cron: "0 9 * * *", Timezone: "Asia/Shanghai"})
	addFlow(t, st, "manual", true, domain.Trigger{Type: domain.TriggerManual})
	addFlow(t, st, "off", false, domain.Trigger{Type: domain.TriggerInterval, EverySec: 60})

	at := time.Date(2026, 12, 1, 8, 0, 0, 0, time.FixedZone("CST", 8*3600))
	var flows []store.TimedFlow
	mustWrite(t, st, func(tx *store.Tx) error {
		if err := tx.ScheduleNextFire(every, at, `{"type":"interval","everySec":60}`); err != nil {
			return err
		}
		var err error
		flows, err = tx.TimedFlows()
		return err
	})
	require.Len(t, flows, 2)
	assert.Equal(t, cron, flows[0].ID)
	assert.Equal(t, "Asia/Shanghai", flows[0].Trigger.Timezone)
	assert.Nil(t, flows[0].NextFireAt)
	assert.Equal(t, "", flows[0].ScheduledTrigger)
	assert.Equal(t, every, flows[1].ID)
	require.NotNil(t, flows[1].NextFireAt)
	assert.True(t, at.Equal(*flows[1].NextFireAt), "stored %s", flows[1].NextFireAt)
	assert.Equal(t, `{"type":"interval","everySec":60}`, flows[1].ScheduledTrigger)
	assert.Equal(t, 60, flows[1].Trigger.EverySec)
}

func TestScheduleNextFire_ReplacesTheRowAndPruneDropsFlowsNoLongerTimed(t *testing.T) {
	st := storetest.Open(t)
	a := addFlow(t, st, "a", true, domain.Trigger{Type: domain.TriggerInterval, EverySec: 60})
	b := addFlow(t, st, "b", true, domain.Trigger{Type: domain.TriggerInterval, EverySec: 60})
	t0 := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	mustWrite(t, st, func(tx *store.Tx) error {
		for _, id := range []string{a, b} {
			if err := tx.ScheduleNextFire(id, t0, "old"); err != nil {
				return err
			}
		}
		return tx.ScheduleNextFire(a, t0.Add(time.Hour), "new")
	})
	require.NoError(t, st.DB.Exec(`UPDATE flows SET enabled = 0 WHERE id = ?`, b).Error)
	mustWrite(t, st, func(tx *store.Tx) error { return tx.PruneSchedule() })

	rows := storetest.Rows(t, st.Path)["flow_schedule"]
	require.Len(t, rows, 1)
	assert.Equal(t, "true:"+a, rows[0]["flow_id"])
	assert.Equal(t, "true:new", rows[0]["trigger"])
	assert.Equal(t, "true:2026-12-01T09:00:00Z", rows[0]["next_fire_at"])
}

func TestClaimFire_ASecondClaimOfTheSameFireIsFalseNotAnError(t *testing.T) {
	st := storetest.Open(t)
	id := addFlow(t, st, "a", true, domain.Trigger{Type: domain.TriggerInterval, EverySec: 60})
	at := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	claim := func(at time.Time, holder string) bool {
		var ok bool
		mustWrite(t, st, func(tx *store.Tx) error {
			var err error
			ok, err = tx.ClaimFire(id, at, holder)
			return err
		})
		return ok
	}
	assert.True(t, claim(at, "one"))
	assert.False(t, claim(at, "two"))
	// The same instant in another zone is the same fire.
	assert.False(t, claim(at.In(time.FixedZone("CST", 8*3600)), "two"))
	assert.True(t, claim(at.Add(time.Minute), "two"))

	rows := storetest.Rows(t, st.Path)["flow_fires"]
	require.Len(t, rows, 2)
	assert.Equal(t, "true:one", rows[0]["claimed_by"])
	assert.Equal(t, "true:two", rows[1]["claimed_by"])
}

func TestAcquireLease_TakenWhenFreeExpiredOrOursRefusedOtherwise(t *testing.T) {
	st := storetest.Open(t)
	t0 := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	acquire := func(holder string, now time.Time) bool {
		var ok bool
		mustWrite(t, st, func(tx *store.Tx) error {
			var err error
			ok, err = tx.AcquireLease(holder, "label of "+holder, now, 30*time.Second)
			return err
		})
		return ok
	}
	holder := func() *store.SchedulerLease {
		var l *store.SchedulerLease
		require.NoError(t, st.Read(t.Context(), func(tx *store.Tx) error {
			var err error
			l, err = tx.LeaseHolder()
			return err
		}))
		return l
	}

	assert.Nil(t, holder())
	assert.True(t, acquire("one", t0), "free")
	assert.False(t, acquire("two", t0.Add(10*time.Second)), "held by one")
	assert.True(t, acquire("one", t0.Add(20*time.Second)), "renewed by its holder")
	l := holder()
	require.NotNil(t, l)
	assert.Equal(t, "one", l.Holder)
	assert.Equal(t, "label of one", l.HolderLabel)
	assert.True(t, t0.Equal(l.AcquiredAt), "a renewal keeps when it was acquired")
	assert.True(t, t0.Add(50*time.Second).Equal(l.ExpiresAt))

	assert.False(t, acquire("two", t0.Add(49*time.Second)), "not yet expired")
	assert.True(t, acquire("two", t0.Add(50*time.Second)), "expired")
	l = holder()
	assert.Equal(t, "two", l.Holder)
	assert.True(t, t0.Add(50*time.Second).Equal(l.AcquiredAt))

	mustWrite(t, st, func(tx *store.Tx) error { return tx.ReleaseLease("one") })
	assert.Equal(t, "two", holder().Holder, "only the holder releases")
	mustWrite(t, st, func(tx *store.Tx) error { return tx.ReleaseLease("two") })
	assert.Nil(t, holder())
	assert.True(t, acquire("one", t0.Add(51*time.Second)), "free after release")
}

func TestFlowRunning_IsARunWithoutVerdictYet(t *testing.T) {
	st := storetest.Open(t)
	id := addFlow(t, st, "a", true, domain.Trigger{Type: domain.TriggerInterval, EverySec: 60})
	running := func() bool {
		var ok bool
		require.NoError(t, st.Read(t.Context(), func(tx *store.Tx) error {
			var err error
			ok, err = tx.FlowRunning(id)
			return err
		}))
		return ok
	}
	assert.False(t, running())
	require.NoError(t, st.DB.Exec(`INSERT INTO flow_runs (id, flow_id, revision, trigger, started_at) VALUES ('r1', ?, 1, 'manual', ?)`,
		id, time.Now()).Error)
	assert.True(t, running())
	require.NoError(t, st.DB.Exec(`UPDATE flow_runs SET verdict = 'ok' WHERE id = 'r1'`).Error)
	assert.False(t, running())
}
