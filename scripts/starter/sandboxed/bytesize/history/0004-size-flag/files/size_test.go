package bytesize

import (
	"flag"
	"io"
	"testing"
)

func TestSizeAsFlag(t *testing.T) {
	var limit Size = 64 << 20
	flags := flag.NewFlagSet("upload", flag.ContinueOnError)
	flags.SetOutput(io.Discard)
	flags.Var(&limit, "max", "largest upload")
	if err := flags.Parse([]string{"-max", "1.5GiB"}); err != nil {
		t.Fatal(err)
	}
	if limit != 1536<<20 {
		t.Errorf("limit = %d, want %d", limit, 1536<<20)
	}
	if limit.String() != "1.5 GiB" {
		t.Errorf("limit.String() = %q", limit.String())
	}
}

func TestSizeSetKeepsValueOnError(t *testing.T) {
	limit := Size(100)
	if err := limit.Set("lots"); err == nil {
		t.Fatal("Set(\"lots\") gave no error")
	}
	if limit != 100 {
		t.Errorf("limit changed to %d", limit)
	}
}
