package schedule_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/schedule"
)

func cronIn(spec, zone string) domain.Trigger {
	return domain.Trigger{Type: domain.TriggerCron, Cron: spec, Timezone: zone}
}

func assertTimes(t *testing.T, want []string, got []time.Time) {
	t.Helper()
	texts := make([]string, len(got))
	for i, g := range got {
		texts[i] = g.Format("2006-01-02 15:04 MST")
	}
	assert.Equal(t, want, texts)
}

func TestNextFires_IntervalCountsFromTheLastFire(t *testing.T) {
	start := time.Date(2026, 12, 1, 8, 0, 30, 0, time.UTC)
	got, err := schedule.NextFires(domain.Trigger{Type: domain.TriggerInterval, EverySec: 3600}, start, 3)
	require.NoError(t, err)
	assert.Equal(t, []time.Time{start.Add(time.Hour), start.Add(2 * time.Hour), start.Add(3 * time.Hour)}, got)
}

func TestNextFires_CronInItsZoneShownInTheCallersZone(t *testing.T) {
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	require.NoError(t, err)
	after := time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC) // 10:00 in Shanghai
	got, err := schedule.NextFires(cronIn("0 9 * * 1-5", "Asia/Shanghai"), after, 5)
	require.NoError(t, err)
	// Nine o'clock on weekdays in Shanghai is one o'clock UTC; 1 December 2026 is a Tuesday.
	assertTimes(t, []string{"2026-12-02 01:00 UTC", "2026-12-03 01:00 UTC", "2026-12-04 01:00 UTC",
		"2026-12-07 01:00 UTC", "2026-12-08 01:00 UTC"}, got)
	got, err = schedule.NextFires(cronIn("@daily", "Asia/Shanghai"), after.In(shanghai), 1)
	require.NoError(t, err)
	assertTimes(t, []string{"2026-12-02 00:00 CST"}, got)
}

func TestNextFires_CronAcrossDaylightSavingKeepsWallTimesAndFiresEachOnce(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	// Clocks go forward on 8 March 2026: 09:00 stays 09:00 local; 02:30 does not exist that day.
	got, err := schedule.NextFires(cronIn("0 9 * * *", "America/New_York"), time.Date(2026, 3, 7, 0, 0, 0, 0, ny), 3)
	require.NoError(t, err)
	assertTimes(t, []string{"2026-03-07 09:00 EST", "2026-03-08 09:00 EDT", "2026-03-09 09:00 EDT"}, got)
	got, err = schedule.NextFires(cronIn("30 2 * * *", "America/New_York"), time.Date(2026, 3, 7, 0, 0, 0, 0, ny), 2)
	require.NoError(t, err)
	assertTimes(t, []string{"2026-03-07 02:30 EST", "2026-03-09 02:30 EDT"}, got)
	// Clocks go back on 1 November 2026: 01:30 happens twice and fires once.
	got, err = schedule.NextFires(cronIn("30 1 * * *", "America/New_York"), time.Date(2026, 10, 31, 0, 0, 0, 0, ny), 3)
	require.NoError(t, err)
	assertTimes(t, []string{"2026-10-31 01:30 EDT", "2026-11-01 01:30 EDT", "2026-11-02 01:30 EST"}, got)
}

func TestParse_RefusesWhatDoesNotFireByItself(t *testing.T) {
	for name, tr := range map[string]domain.Trigger{
		"manual":    {Type: domain.TriggerManual},
		"no period": {Type: domain.TriggerInterval},
		"six cron":  cronIn("0 0 9 * * *", ""),
		"bad cron":  cronIn("61 * * * *", ""),
		"bad zone":  cronIn("0 9 * * *", "Mars/Olympus"),
	} {
		_, err := schedule.Parse(tr)
		assert.Error(t, err, name)
	}
}
