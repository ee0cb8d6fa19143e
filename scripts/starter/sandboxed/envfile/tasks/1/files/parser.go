// Package envfile reads .env files: KEY=VALUE lines as used by docker compose, foreman and friends.
package envfile

import (
	"fmt"
	"io"
	"strings"
)

// Entry is one assignment, with the number of the line it starts on (from 1).
type Entry struct {
	Key   string
	Value string
	Line  int
}

// SyntaxError reports a line that is not a valid assignment.
type SyntaxError struct {
	Line int
	Msg  string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("envfile: line %d: %s", e.Line, e.Msg)
}

// Parse reads every entry of r, in order. Blank lines and lines starting with # are skipped. Values may
// be bare (surrounding spaces are dropped, and " #" starts a comment), 'single-quoted' (taken as they
// are) or "double-quoted" (\n, \t, \" and \\ escapes; may continue over several lines). A line may
// start with "export ", as in a shell script.
func Parse(r io.Reader) ([]Entry, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return ParseString(string(data))
}

// ParseString is Parse for text already in memory. Lines may end in "\n" or "\r\n".
func ParseString(text string) ([]Entry, error) {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	p := &parser{lines: strings.Split(text, "\n")}
	var entries []Entry
	for p.next < len(p.lines) {
		number := p.next + 1
		line := strings.TrimSpace(p.lines[p.next])
		p.next++
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		entry, err := p.assignment(line, number)
		if err != nil {
			return nil, err
		}
		entries = append(entries, entry)
	}
	return entries, nil
}

type parser struct {
	lines []string
	next  int // index of the next line to read
}

func (p *parser) assignment(line string, number int) (Entry, error) {
	line = strings.TrimPrefix(line, "export ")
	key, rest, ok := strings.Cut(line, "=")
	if !ok {
		return Entry{}, &SyntaxError{number, "expected KEY=VALUE"}
	}
	key = strings.TrimSpace(key)
	if !validKey(key) {
		return Entry{}, &SyntaxError{number, fmt.Sprintf("invalid key %q", key)}
	}
	value, err := p.value(strings.TrimLeft(rest, " \t"), number)
	if err != nil {
		return Entry{}, err
	}
	return Entry{Key: key, Value: value, Line: number}, nil
}

func validKey(key string) bool {
	for i, c := range key {
		letter := c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
		if !letter && (i == 0 || c < '0' || c > '9') {
			return false
		}
	}
	return key != ""
}

func (p *parser) value(raw string, number int) (string, error) {
	switch {
	case strings.HasPrefix(raw, "'"):
		end := strings.IndexByte(raw[1:], '\'')
		if end < 0 {
			return "", &SyntaxError{number, "unterminated single-quoted value"}
		}
		return raw[1 : end+1], checkRest(raw[end+2:], number)
	case strings.HasPrefix(raw, `"`):
		return p.doubleQuoted(raw[1:], number)
	default:
		return bare(raw), nil
	}
}

// bare is an unquoted value: a # after a space or tab starts a comment.
func bare(raw string) string {
	for i := 1; i < len(raw); i++ {
		if raw[i] == '#' && (raw[i-1] == ' ' || raw[i-1] == '\t') {
			raw = raw[:i]
			break
		}
	}
	return strings.TrimSpace(raw)
}

// doubleQuoted reads up to the closing quote, over more lines if needed, and replaces escapes.
func (p *parser) doubleQuoted(raw string, number int) (string, error) {
	var value strings.Builder
	for {
		for i := 0; i < len(raw); i++ {
			switch c := raw[i]; {
			case c == '\\' && i+1 < len(raw):
				i++
				value.WriteByte(unescape(raw[i]))
			case c == '"':
				return value.String(), checkRest(raw[i+1:], number)
			default:
				value.WriteByte(c)
			}
		}
		if p.next >= len(p.lines) {
			return "", &SyntaxError{number, "unterminated double-quoted value"}
		}
		value.WriteByte('\n')
		raw = p.lines[p.next]
		p.next++
	}
}

func unescape(c byte) byte {
	switch c {
	case 'n':
		return '\n'
	case 't':
		return '\t'
	}
	return c
}

// checkRest accepts what may follow a closing quote: spaces, then perhaps a comment.
func checkRest(rest string, number int) error {
	rest = strings.TrimLeft(rest, " \t")
	if rest == "" || strings.HasPrefix(rest, "#") {
		return nil
	}
	return &SyntaxError{number, fmt.Sprintf("unexpected %q after the closing quote", rest)}
}
