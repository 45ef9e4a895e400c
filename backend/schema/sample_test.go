package schema_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"

	"junction/backend/domain"
	"junction/backend/schema"
)

// p builds a response param.
func p(name, typ, path string, children ...domain.ResponseParam) domain.ResponseParam {
	return domain.ResponseParam{Name: name, Type: typ, Path: path, Children: children}
}

func TestFromSample(t *testing.T) {
	cases := []struct {
		name   string
		sample string
		want   []domain.ResponseParam
		// shadowed: a repeated key, which gjson resolves to its first value only
		shadowed bool
	}{
		{
			name:   "scalars in sample order",
			sample: `{"z":"s","a":1,"m":1.5,"ok":true,"no":false,"gone":null,"exp":1e3,"neg":-7,"whole":2.0}`,
			want: []domain.ResponseParam{
				p("z", "string", "z"),
				p("a", "integer", "a"),
				p("m", "number", "m"),
				p("ok", "boolean", "ok"),
				p("no", "boolean", "no"),
				p("gone", "string", "gone"),
				p("exp", "number", "exp"),
				p("neg", "integer", "neg"),
				p("whole", "number", "whole"),
			},
		},
		{
			name:   "nested objects",
			sample: `{"code":0,"data":{"user":{"id":7,"name":"x"},"empty":{}}}`,
			want: []domain.ResponseParam{
				p("code", "integer", "code"),
				p("data", "object", "data",
					p("user", "object", "user", p("id", "integer", "id"), p("name", "string", "name")),
					p("empty", "object", "empty"),
				),
			},
		},
		{
			name: "array of objects with differing keys",
			sample: `{"list":[
				{"id":1,"name":"a","tags":null},
				{"id":2,"extra":{"k":"v"},"tags":["x"]},
				{"id":3.5,"extra":{"j":true}}
			]}`,
			want: []domain.ResponseParam{
				p("list", "array", "list",
					p("id", "number", "id"),
					p("name", "string", "name"),
					p("tags", "array", "tags"),
					p("extra", "object", "extra", p("k", "string", "k"), p("j", "boolean", "j")),
				),
			},
		},
		{
			name:   "array of scalars and empty array",
			sample: `{"ids":[1,2,3],"none":[]}`,
			want:   []domain.ResponseParam{p("ids", "array", "ids"), p("none", "array", "none")},
		},
		{
			name:   "arrays of arrays",
			sample: `{"grid":[[1,2],[3]],"rows":[[{"a":1}],[{"b":"x"}]]}`,
			want: []domain.ResponseParam{
				p("grid", "array", "grid"),
				p("rows", "array", "rows",
					p("items", "array", "@this", p("a", "integer", "a"), p("b", "string", "b")),
				),
			},
		},
		{
			name:   "top-level array",
			sample: `[{"id":1},{"id":2,"name":"b"}]`,
			want: []domain.ResponseParam{
				p("items", "array", "@this", p("id", "integer", "id"), p("name", "string", "name")),
			},
		},
		{
			name:   "top-level array of scalars",
			sample: ` ["a","b"] `,
			want:   []domain.ResponseParam{p("items", "array", "@this")},
		},
		{
			name:   "unicode keys",
			sample: `{"用户":{"姓名":"张三","年龄":30},"ключ":"v"}`,
			want: []domain.ResponseParam{
				p("用户", "object", "用户", p("姓名", "string", "姓名"), p("年龄", "integer", "年龄")),
				p("ключ", "string", "ключ"),
			},
		},
		{
			name:   "keys with gjson special characters",
			sample: `{"a.b":1,"w*":2,"q?":3,"p|x":4,"#":5,"@at":6,"with space":7,"back\\slash":8,"o":{"c.d":{"e":1}}}`,
			want: []domain.ResponseParam{
				p("a.b", "integer", `a\.b`),
				p("w*", "integer", `w\*`),
				p("q?", "integer", `q\?`),
				p("p|x", "integer", `p\|x`),
				p("#", "integer", `\#`),
				p("@at", "integer", `\@at`),
				p("with space", "integer", "with space"),
				p(`back\slash`, "integer", `back\\slash`),
				p("o", "object", "o", p("c.d", "object", `c\.d`, p("e", "integer", "e"))),
			},
		},
		{
			name:     "duplicate and empty keys",
			sample:   `{"a":null,"":1,"a":{"x":1}}`,
			want:     []domain.ResponseParam{p("a", "object", "a", p("x", "integer", "x"))},
			shadowed: true,
		},
		{
			name:   "a byte-order mark is ignored",
			sample: "\uFEFF{\"a\":1}",
			want:   []domain.ResponseParam{p("a", "integer", "a")},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := schema.FromSample(tc.sample)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
			if !tc.shadowed {
				assertPathsResolve(t, []gjson.Result{gjson.Parse(trimBOM(tc.sample))}, got)
			}
		})
	}
}

func trimBOM(s string) string {
	if len(s) >= 3 && s[:3] == "\uFEFF" {
		return s[3:]
	}
	return s
}

// assertPathsResolve checks that every param's path finds a value in the
// sample: at the top level in the document, below an object in that object,
// below an array in at least one of its elements.
func assertPathsResolve(t *testing.T, docs []gjson.Result, params []domain.ResponseParam) {
	t.Helper()
	for _, prm := range params {
		var found []gjson.Result
		for _, doc := range docs {
			if v := doc.Get(prm.Path); v.Exists() {
				found = append(found, v)
			}
		}
		require.NotEmpty(t, found, "path %q of %q finds nothing", prm.Path, prm.Name)
		if prm.Type == "array" {
			var elems []gjson.Result
			for _, v := range found {
				elems = append(elems, v.Array()...)
			}
			found = elems
		}
		assertPathsResolve(t, found, prm.Children)
	}
}

func TestFromSample_refuses(t *testing.T) {
	cases := []struct {
		name, sample, msg string
	}{
		{"an empty sample", "", "is empty"},
		{"a blank sample", " \n\t ", "is empty"},
		{"a missing comma", "{\n  \"a\": 1\n  \"b\": 2\n}", "line 3, column 3"},
		{"a trailing comma", "{\"a\": 1,\n}", "line 2, column 1"},
		{"a bad character after unicode", "{\"名\": 中}", "line 1, column 7"},
		{"a truncated sample", "{\"a\": [1,\n 2", "line 2, column 3"},
		{"text after the value", "{\"a\": 1}\n\nxyz", "line 3, column 1"},
		{"single quotes", "{'a': 1}", "line 1, column 2"},
		{"a lone scalar", "42", "single integer"},
		{"a lone null", "null", "single null"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := schema.FromSample(tc.sample)
			require.Error(t, err)
			assert.Nil(t, got)
			assert.Equal(t, domain.EValidation, domain.ErrorCode(err))
			assert.Equal(t, "sample", domain.ErrorField(err))
			assert.Contains(t, domain.ErrorMessage(err), tc.msg)
		})
	}
}
