package service_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/service"
)

func TestService_MergeResponse(t *testing.T) {
	t.Run("keeps the user's params and adds the sample's new ones", func(t *testing.T) {
		e := withRoles(t)
		existing := []domain.ResponseParam{
			{Name: "code", Type: "string", Path: "code", Description: "kept as the user set it"},
			{Name: "data", Type: "object", Path: "data", Children: []domain.ResponseParam{{Name: "id", Type: "integer", Path: "id"}}},
		}
		got, err := e.svc.MergeResponse(existing, `{"code":0,"msg":"ok","data":{"id":1,"name":"x"}}`)
		require.NoError(t, err)
		assert.Equal(t, []domain.ResponseParam{
			{Name: "code", Type: "string", Path: "code", Description: "kept as the user set it"},
			{Name: "data", Type: "object", Path: "data", Children: []domain.ResponseParam{
				{Name: "id", Type: "integer", Path: "id"},
				{Name: "name", Type: "string", Path: "name"},
			}},
			{Name: "msg", Type: "string", Path: "msg"},
		}, got)
		assert.Equal(t, "kept as the user set it", existing[0].Description)
		assert.Len(t, existing[1].Children, 1, "the argument is left alone")
	})

	t.Run("into nothing gives the sample's tree", func(t *testing.T) {
		e := withRoles(t)
		got, err := e.svc.MergeResponse(nil, `[{"id":1}]`)
		require.NoError(t, err)
		want, err := e.svc.ResponseFromSample(`[{"id":1}]`)
		require.NoError(t, err)
		assert.Equal(t, want, got)
	})

	t.Run("names the line and column of a malformed sample", func(t *testing.T) {
		e := withRoles(t)
		_, err := e.svc.MergeResponse(nil, "{\n  \"a\": 1,\n  \"b\": }")
		require.Error(t, err)
		assert.Equal(t, domain.EValidation, domain.ErrorCode(err))
		var de *domain.Error
		require.ErrorAs(t, err, &de)
		assert.Equal(t, "sample", de.Field)
		assert.Contains(t, de.Message, "line 3, column 8")
	})
}

// A sample over 10 MB is refused before it is decoded, with the field named;
// one of exactly 10 MB is read.
func TestService_SampleSizeCap(t *testing.T) {
	e := newEnv(t)
	// A JSON object of exactly n bytes.
	sampleOf := func(n int) string { return `{"a":"` + strings.Repeat("x", n-8) + `"}` }
	for name, build := range map[string]func(string) error{
		"MergeResponse":      func(s string) error { _, err := e.svc.MergeResponse(nil, s); return err },
		"ResponseFromSample": func(s string) error { _, err := e.svc.ResponseFromSample(s); return err },
	} {
		err := build(sampleOf(service.MaxSampleBytes + 1))
		requireCode(t, err, domain.EValidation, "sample")
		assert.ErrorContains(t, err, "at most 10 MB", name)
		assert.NoError(t, build(sampleOf(service.MaxSampleBytes)), name)
	}
}
