package bytesize

import "testing"

func TestParse(t *testing.T) {
	cases := []struct {
		in   string
		want int64
	}{
		{"0", 0},
		{"512", 512},
		{"512 B", 512},
		{"1.5 KiB", 1536},
		{"1.5kib", 1536},
		{"20kB", 20_000},
		{"3 GB", 3_000_000_000},
		{"  2 MiB ", 2 << 20},
		{"0.5 B", 1},
		{"7 EiB", 7 << 60},
	}
	for _, c := range cases {
		got, err := Parse(c.in)
		if err != nil || got != c.want {
			t.Errorf("Parse(%q) = %d, %v; want %d", c.in, got, err, c.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, in := range []string{"", "KiB", "1.2.3 MB", "12 parsecs", "-5 MB", "1e6"} {
		if got, err := Parse(in); err == nil {
			t.Errorf("Parse(%q) = %d, want an error", in, got)
		}
	}
}

func TestParseFormatRoundTrip(t *testing.T) {
	for _, n := range []int64{0, 1, 1023, 1536, 3 << 20, 5 << 30} {
		got, err := Parse(Format(n))
		if err != nil || got != n {
			t.Errorf("Parse(Format(%d)) = %d, %v", n, got, err)
		}
	}
}

func TestParseTooLarge(t *testing.T) {
	for _, in := range []string{"8 EiB", "8EiB", "9.3 EB", "10000 PB", "99999999999999999999"} {
		if got, err := Parse(in); err == nil {
			t.Errorf("Parse(%q) = %d, want an error", in, got)
		}
	}
}

func TestParseLargestSizes(t *testing.T) {
	cases := []struct {
		in   string
		want int64
	}{
		{"7.5 EiB", 15 << 59},
		{"9 EB", 9_000_000_000_000_000_000},
		{"9223372036854774784", 9223372036854774784},
	}
	for _, c := range cases {
		got, err := Parse(c.in)
		if err != nil || got != c.want {
			t.Errorf("Parse(%q) = %d, %v; want %d", c.in, got, err, c.want)
		}
	}
}

func TestSizeFlagRejectsTooLarge(t *testing.T) {
	limit := Size(1 << 20)
	if err := limit.Set("16EiB"); err == nil {
		t.Errorf("Set(\"16EiB\") gave no error (size now %d)", limit)
	}
	if limit != 1<<20 {
		t.Errorf("limit changed to %d", limit)
	}
}
