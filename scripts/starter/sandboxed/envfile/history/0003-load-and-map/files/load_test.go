package envfile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLoadAndMap(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".env")
	if err := os.WriteFile(path, []byte("A=1\nB='two'\nA=3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	entries, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]string{"A": "3", "B": "two"}, Map(entries)); diff != "" {
		t.Errorf("Map (-want +got):\n%s", diff)
	}
}

func TestLoadNamesTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "broken.env")
	if err := os.WriteFile(path, []byte("A=1\noops\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load(path)
	var syntax *SyntaxError
	if err == nil || !strings.Contains(err.Error(), "broken.env") || !errors.As(err, &syntax) || syntax.Line != 2 {
		t.Errorf("Load error = %v", err)
	}
}

func TestLoadMissingFile(t *testing.T) {
	if _, err := Load(filepath.Join(t.TempDir(), "absent.env")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Load error = %v, want os.ErrNotExist", err)
	}
}
