package envfile

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func mustParse(t *testing.T, text string) []Entry {
	t.Helper()
	entries, err := ParseString(text)
	if err != nil {
		t.Fatalf("ParseString: %v", err)
	}
	return entries
}

func TestBareValues(t *testing.T) {
	got := mustParse(t, "# settings\nHOST=localhost\n\nPORT = 8080 \nEMPTY=\n")
	want := []Entry{{"HOST", "localhost", 2}, {"PORT", "8080", 4}, {"EMPTY", "", 5}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
}

func TestQuotedValues(t *testing.T) {
	text := "GREETING='hello  world'\nPATTERN='a\\nb'\nMOTD=\"line one\\nline \\\"two\\\"\"\nPATH_ISH=\"C:\\\\bin\"\n"
	got := mustParse(t, text)
	want := []Entry{
		{"GREETING", "hello  world", 1},
		{"PATTERN", `a\nb`, 2},
		{"MOTD", "line one\nline \"two\"", 3},
		{"PATH_ISH", `C:\bin`, 4},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
}

func TestMultilineValue(t *testing.T) {
	got := mustParse(t, "KEY=\"-----BEGIN KEY-----\nabc\n-----END KEY-----\"\nNEXT=1\n")
	want := []Entry{{"KEY", "-----BEGIN KEY-----\nabc\n-----END KEY-----", 1}, {"NEXT", "1", 4}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
}

func TestSyntaxErrors(t *testing.T) {
	cases := map[string]int{
		"A=1\nnot an assignment\n": 2,
		"1ABC=x\n":                 1,
		"A='open\n":                1,
		"A=1\nB=\"never closed\n":  2,
		"A=\"x\" y\n":              1,
	}
	for text, line := range cases {
		_, err := ParseString(text)
		var syntax *SyntaxError
		if !errors.As(err, &syntax) || syntax.Line != line {
			t.Errorf("ParseString(%q) error = %v, want a SyntaxError on line %d", text, err, line)
		}
	}
}

func TestParseReader(t *testing.T) {
	got, err := Parse(strings.NewReader("A=1\nB=2"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]Entry{{"A", "1", 1}, {"B", "2", 2}}, got); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
}
