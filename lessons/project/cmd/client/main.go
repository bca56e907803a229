// Command client asks the server for a greeting.
package main

import (
	"fmt"
	"io"
	"net/http"
	"os"

	"github.com/spf13/pflag"

	"github.com/stageplay/buildme/internal/greeting"
)

var serverURL = "http://localhost:3000"

func main() {
	fmt.Println(greeting.Banner)
	fmt.Println("Client ready. Asking the server at", serverURL)
	name := pflag.StringP("name", "n", "", "who is asking")
	pflag.Parse()

	resp, err := http.Get(serverURL + "/?name=" + *name)
	if err != nil {
		fmt.Fprintln(os.Stderr, "no server is listening yet:", err)
		os.Exit(1)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(string(body))
}
