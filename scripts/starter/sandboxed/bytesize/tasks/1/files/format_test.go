package bytesize

import (
	"math"
	"testing"
)

func TestFormatBytes(t *testing.T) {
	for n, want := range map[int64]string{0: "0 B", 1: "1 B", 512: "512 B", 1023: "1023 B"} {
		if got := Format(n); got != want {
			t.Errorf("Format(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestFormatUnits(t *testing.T) {
	cases := []struct {
		n    int64
		want string
	}{
		{1024, "1.0 KiB"},
		{1536, "1.5 KiB"},
		{10 * 1024 * 1024, "10.0 MiB"},
		{5 << 30, "5.0 GiB"},
		{3 << 40, "3.0 TiB"},
		{math.MaxInt64, "8.0 EiB"},
	}
	for _, c := range cases {
		if got := Format(c.n); got != c.want {
			t.Errorf("Format(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}

func TestFormatNegative(t *testing.T) {
	if got := Format(-1536); got != "-1.5 KiB" {
		t.Errorf("Format(-1536) = %q", got)
	}
	if got := Format(-12); got != "-12 B" {
		t.Errorf("Format(-12) = %q", got)
	}
	if got := Format(math.MinInt64); got != "-8.0 EiB" {
		t.Errorf("Format(MinInt64) = %q", got)
	}
}

func TestFormatSI(t *testing.T) {
	cases := []struct {
		n    int64
		want string
	}{
		{999, "999 B"},
		{1000, "1.0 kB"},
		{1500, "1.5 kB"},
		{2_500_000, "2.5 MB"},
		{7_000_000_000, "7.0 GB"},
	}
	for _, c := range cases {
		if got := FormatSI(c.n); got != c.want {
			t.Errorf("FormatSI(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}

func TestFormatRoundsUpToTheNextUnit(t *testing.T) {
	cases := []struct {
		n    int64
		want string
	}{
		{1<<20 - 1, "1.0 MiB"},
		{1<<20 - 20, "1.0 MiB"},
		{1<<30 - 1, "1.0 GiB"},
		{1<<40 - 1<<20, "1.0 TiB"},
		{-(1<<20 - 1), "-1.0 MiB"},
	}
	for _, c := range cases {
		if got := Format(c.n); got != c.want {
			t.Errorf("Format(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}

func TestFormatSIRoundsUpToTheNextUnit(t *testing.T) {
	cases := []struct {
		n    int64
		want string
	}{
		{999_999, "1.0 MB"},
		{999_960, "1.0 MB"},
		{999_949_999, "999.9 MB"},
		{999_999_999_999, "1.0 TB"},
	}
	for _, c := range cases {
		if got := FormatSI(c.n); got != c.want {
			t.Errorf("FormatSI(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}

func TestFormatJustBelowTheRoundingPoint(t *testing.T) {
	if got := Format(1<<20 - 52); got != "1023.9 KiB" {
		t.Errorf("Format(%d) = %q, want \"1023.9 KiB\"", 1<<20-52, got)
	}
}
