// Command server answers greetings over HTTP.
package main

import (
	"fmt"
	"log"
	"net/http"

	"github.com/google/uuid"
	"github.com/spf13/pflag"

	"github.com/stageplay/buildme/internal/greeting"
)

// version is replaced at build time with -ldflags "-X main.version=...".
var version = "0.0.0+unknown"

func main() {
	fmt.Println("Version:", version)
	fmt.Println("Starting server...")
	port := pflag.StringP("port", "p", "3000", "port to listen on")
	pflag.Parse()

	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", uuid.NewString())
		w.Write([]byte(greeting.For(r.URL.Query().Get("name"))))
	})
	fmt.Println("Listening on HTTP port 3000")
	log.Fatal(http.ListenAndServe(":"+*port, nil))
}
