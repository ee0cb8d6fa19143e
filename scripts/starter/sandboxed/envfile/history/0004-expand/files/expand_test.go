package envfile

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestExpandFromEarlierEntries(t *testing.T) {
	entries := mustParse(t, "HOST=db\nPORT=5432\nURL=postgres://${HOST}:$PORT/app\nPRICE=\"$$5\"\n")
	got := Map(Expand(entries, nil))
	want := map[string]string{"HOST": "db", "PORT": "5432", "URL": "postgres://db:5432/app", "PRICE": "$5"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("expanded (-want +got):\n%s", diff)
	}
}

func TestExpandFallsBackToLookup(t *testing.T) {
	lookup := func(name string) (string, bool) {
		if name == "HOME" {
			return "/home/ada", true
		}
		return "", false
	}
	entries := mustParse(t, "CACHE=${HOME}/.cache\nLATER=$NEXT\nNEXT=1\n")
	got := Expand(entries, lookup)
	want := []Entry{{"CACHE", "/home/ada/.cache", 1}, {"LATER", "", 2}, {"NEXT", "1", 3}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("expanded (-want +got):\n%s", diff)
	}
	if entries[0].Value != "${HOME}/.cache" {
		t.Errorf("Expand changed its input: %q", entries[0].Value)
	}
}
