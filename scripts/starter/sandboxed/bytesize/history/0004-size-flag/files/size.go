package bytesize

// Size is a byte count that prints itself with Format and can be set from text with Parse, so it can
// be used as a command-line flag:
//
//	var limit bytesize.Size = 64 << 20
//	flag.Var(&limit, "max-upload", "largest upload accepted (e.g. 64MiB, 1.5GB)")
type Size int64

// String gives the size in IEC units, as Format does.
func (s Size) String() string {
	return Format(int64(s))
}

// Set parses text as Parse does; on error the size is left unchanged.
func (s *Size) Set(text string) error {
	n, err := Parse(text)
	if err != nil {
		return err
	}
	*s = Size(n)
	return nil
}
