package greeting

import "testing"

func TestFor(t *testing.T) {
	cases := map[string]string{
		"":      "Hello, stranger!",
		"  ":    "Hello, stranger!",
		"Ada":   "Hello, Ada!",
		" Bob ": "Hello, Bob!",
	}
	for in, want := range cases {
		if got := For(in); got != want {
			t.Errorf("For(%q) = %q, want %q", in, got, want)
		}
	}
}
