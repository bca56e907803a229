package greeting

import "testing"

func TestForUsesTheName(t *testing.T) {
	got := For("Ada")
	want := "Hello, Ada! This reply came from inside a container."
	if got != want {
		t.Fatalf("For(%q) = %q, want %q", "Ada", got, want)
	}
}

func TestForFallsBackToStranger(t *testing.T) {
	if got := For(""); got != "Hello, stranger! This reply came from inside a container." {
		t.Fatalf("unexpected greeting for an empty name: %q", got)
	}
}
