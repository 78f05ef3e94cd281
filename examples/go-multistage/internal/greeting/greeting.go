// Package greeting builds the messages returned by the HTTP handlers.
package greeting

import "strings"

// For returns a greeting for name, falling back to a generic one.
func For(name string) string {
	name = strings.TrimSpace(name)
	if name == "" {
		return "Hello, stranger!"
	}
	return "Hello, " + name + "!"
}
