package flowtest_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"junction/backend/flow/flowtest"
)

func TestClock_AfterFiresOnlyWhenAdvancedFarEnough(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c := flowtest.NewClock(start)
	ch := c.After(10 * time.Second)
	assert.Equal(t, []time.Duration{10 * time.Second}, c.AwaitWaits(1))
	c.Advance(9 * time.Second)
	select {
	case <-ch:
		t.Fatal("fired early")
	default:
	}
	c.Advance(time.Second)
	assert.Equal(t, start.Add(10*time.Second), <-ch)
	assert.Empty(t, c.AwaitWaits(0))
	assert.Equal(t, start.Add(10*time.Second), <-c.After(0), "a zero wait fires at once")
}
