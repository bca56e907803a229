// Package greeting builds the messages the client and the server exchange.
package greeting

import "fmt"

// Banner is printed by both programs when they start.
const Banner = "buildme: a tiny client and server for learning multi-stage builds"

// For returns the greeting the server sends to a named visitor.
func For(name string) string {
	if name == "" {
		name = "stranger"
	}
	return fmt.Sprintf("Hello, %s! This reply came from inside a container.", name)
}
