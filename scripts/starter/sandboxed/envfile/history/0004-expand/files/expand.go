package envfile

import "os"

// Expand replaces $NAME and ${NAME} in each value by the value of an earlier entry, or else by
// lookup(NAME) (os.LookupEnv, say; nil looks nothing up); names found nowhere become "". "$$" is a
// literal "$". The entries are not changed; the expanded copies are returned.
func Expand(entries []Entry, lookup func(string) (string, bool)) []Entry {
	known := make(map[string]string, len(entries))
	expanded := make([]Entry, len(entries))
	for i, entry := range entries {
		entry.Value = os.Expand(entry.Value, func(name string) string {
			if name == "$" {
				return "$"
			}
			if value, ok := known[name]; ok {
				return value
			}
			if lookup != nil {
				if value, ok := lookup(name); ok {
					return value
				}
			}
			return ""
		})
		known[entry.Key] = entry.Value
		expanded[i] = entry
	}
	return expanded
}
