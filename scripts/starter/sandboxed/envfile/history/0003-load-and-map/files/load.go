package envfile

import (
	"fmt"
	"os"
)

// Load reads the .env file at path; a syntax error is reported with the file's name.
func Load(path string) ([]Entry, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	entries, err := Parse(file)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return entries, nil
}

// Map gives the entries as a map from key to value; a key assigned twice keeps its last value.
func Map(entries []Entry) map[string]string {
	values := make(map[string]string, len(entries))
	for _, entry := range entries {
		values[entry.Key] = entry.Value
	}
	return values
}
