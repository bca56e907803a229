/**
 * The simulated Go running the lesson project's real code and small programs: a server and
 * a client talking over an in-memory network, Go's errors, flags, -X, defer and os.Exit,
 * panics, constructs outside the subset, `go run`, and `sh -c` starting a binary.
 */
import { describe, expect, it } from 'vitest';
import type { WorkFs } from '../../../fs/types.ts';
import type { SimHttpHandler, SimNetwork } from '../../net.ts';
import { binaryProgram } from './program.ts';
import { readBinaryInfo } from '../../binary/payload.ts';
import { shell } from '../../multicall/busybox.ts';
import type { ExecContext, Toolchain } from '../../types.ts';
import { go, projectFs, put } from '../fixture.test-util.ts';
import { goToolchain } from '../go.ts';
import { nodeDeps } from '../../../platform/node.ts';

/** A namespace where `localhost`/`127.0.0.1` reach the ports listening in it; other names do not resolve. */
function memoryNet(): SimNetwork & { readonly ports: Map<number, SimHttpHandler> } {
  const ports = new Map<number, SimHttpHandler>();
  return {
    ports,
    listen(port, handler) {
      if (ports.has(port)) return { error: 'address already in use' };
      ports.set(port, handler);
      return { close: () => void ports.delete(port) };
    },
    dial(host, port) {
      if (host !== 'localhost' && host !== '127.0.0.1') return 'no-such-host';
      return ports.get(port) ?? 'refused';
    },
  };
}

interface Proc {
  readonly done: Promise<number>;
  out: string;
  err: string;
}

function ctxOf(fs: WorkFs, p: { out: string; err: string }, opts: { net?: SimNetwork; signal?: AbortSignal; env?: Record<string, string>; now?: number; programs?: ExecContext['programs'] }): ExecContext {
  return {
    fs,
    env: new Map(Object.entries({ PATH: '/go/bin:/usr/local/go/bin:/usr/bin:/bin', GOPATH: '/go', HOME: '/root', GOLANG_VERSION: '1.20.14', ...opts.env })),
    cwd: '/src',
    user: { uid: 0, gid: 0, name: 'root' },
    platform: 'linux/amd64',
    stdout: (s) => void (p.out += s),
    stderr: (s) => void (p.err += s),
    programs: opts.programs ?? (() => undefined),
    deps: nodeDeps,
    ...(opts.net ? { net: opts.net } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.now !== undefined ? { now: opts.now } : {}),
  };
}

/** Starts `argv` as a process of `tool` (a built binary by default). */
function start(fs: WorkFs, argv: string[], opts: Parameters<typeof ctxOf>[2] = {}, tool: Toolchain = binaryProgram): Proc {
  const p = { out: '', err: '' } as Proc & { done: Promise<number> };
  (p as { done: Promise<number> }).done = tool.run(argv, ctxOf(fs, p, opts)).then((r) => r.exitCode);
  return p;
}

/** Lets the event loop turn until `ready` holds (a server bound its port), failing after many turns. */
async function until(ready: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !ready(); i++) await new Promise((r) => setImmediate(r));
  expect(ready()).toBe(true);
}

async function built(): Promise<WorkFs> {
  const fs = projectFs();
  expect((await go(fs, 'build -o /bin/client ./cmd/client')).exitCode).toBe(0);
  expect((await go(fs, 'build -o /bin/server ./cmd/server')).exitCode).toBe(0);
  return fs;
}

const GREETING = 'Hello, stranger! This reply came from inside a container.\n';
const CLIENT_START = 'buildme: a tiny client and server for learning multi-stage builds\nClient ready. Asking the server at http://localhost:3000\n';
const SERVER_START = 'Version: 0.0.0+unknown\nStarting server...\nListening on HTTP port 3000\n';

describe('the lesson project over a simulated network', () => {
  it('the server listens until its signal; the client, a second process, prints its reply', async () => {
    const fs = await built();
    const net = memoryNet();
    const stop = new AbortController();
    const server = start(fs, ['/bin/server'], { net, signal: stop.signal });
    await until(() => net.ports.has(3000));
    expect(server.out).toBe(SERVER_START);

    const client = start(fs, ['/bin/client'], { net });
    await client.done;
    expect([client.out, client.err, server.err]).toEqual([CLIENT_START + GREETING, '', '']);
    expect(await client.done).toBe(0);
    const ana = start(fs, ['/bin/client', '--name=ana'], { net });
    expect(await ana.done).toBe(0);
    expect(ana.out).toBe(`${CLIENT_START}Hello, ana! This reply came from inside a container.\n`);
    const short = start(fs, ['/bin/client', '-n', 'bo'], { net });
    expect(await short.done).toBe(0);
    expect(short.out).toContain('Hello, bo! This reply');

    // the handler sets X-Request-Id to a v4 UUID; Go adds Content-Type, Content-Length and Date
    const res = await (net.dial('localhost', 3000) as SimHttpHandler)({ method: 'GET', target: '/any/path?name=x%20y', host: 'localhost:3000', headers: {}, body: '' });
    expect(res.status).toBe(200);
    expect(res.body).toBe('Hello, x y! This reply came from inside a container.');
    expect(res.headers['X-Request-Id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(res.headers).toMatchObject({ 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': '52', Date: 'Thu, 01 Jan 1970 00:00:00 GMT' });

    // a second server cannot bind the port: Go's error through log.Fatal, exit 1
    const second = start(fs, ['/bin/server'], { net, signal: new AbortController().signal, now: 1_700_000_000 });
    expect(await second.done).toBe(1);
    expect(second.err).toBe('2023/11/14 22:13:20 listen tcp :3000: bind: address already in use\n');

    stop.abort('SIGTERM');
    expect(await server.done).toBe(143);
    expect(net.ports.has(3000)).toBe(false);
    expect(server.err).toBe('');
  });

  it('with no server the client prints Go\'s connection refused and exits 1; an unknown name does not resolve', async () => {
    const fs = await built();
    const client = start(fs, ['/bin/client'], { net: memoryNet() });
    expect(await client.done).toBe(1);
    expect(client.out).toBe(CLIENT_START);
    expect(client.err).toBe('no server is listening yet: Get "http://localhost:3000/?name=": dial tcp 127.0.0.1:3000: connect: connection refused\n');
    // no network at all (a RUN step): refused too
    const offline = start(fs, ['/bin/client', '--name', 'ana']);
    expect(await offline.done).toBe(1);
    expect(offline.err).toContain('Get "http://localhost:3000/?name=ana": dial tcp 127.0.0.1:3000: connect: connection refused');
    expect((await go(fs, 'build -ldflags "-X main.serverURL=http://nope:3000" -o /bin/client ./cmd/client')).exitCode).toBe(0);
    const nope = start(fs, ['/bin/client'], { net: memoryNet() });
    expect(await nope.done).toBe(1);
    expect(nope.err).toBe('no server is listening yet: Get "http://nope:3000/?name=": dial tcp: lookup nope on 127.0.0.11:53: no such host\n');
  });

  it('the binary carries its startup lines (the ELF prints them) and -X overrides the version', async () => {
    const fs = projectFs();
    expect((await go(fs, 'build -ldflags "-X main.version=v0.0.1" -o /bin/server ./cmd/server')).exitCode).toBe(0);
    expect((await go(fs, 'build -o /bin/client ./cmd/client')).exitCode).toBe(0);
    const server = readBinaryInfo(fs.readFile('/bin/server'))!;
    expect(server.output.map((c) => c.text).join('')).toBe('Version: v0.0.1\nStarting server...\nListening on HTTP port 3000\n');
    expect(server.program?.xdefs).toEqual({ 'main.version': 'v0.0.1' });
    expect(server.program?.packages.map((p) => p.path)).toEqual(['github.com/stageplay/buildme/cmd/server', 'github.com/stageplay/buildme/internal/greeting']);
    expect(readBinaryInfo(fs.readFile('/bin/client'))!.output.map((c) => c.text).join('')).toBe(CLIENT_START);
    const net = memoryNet();
    const stop = new AbortController();
    const run = start(fs, ['/bin/server', '--port=8080'], { net, signal: stop.signal });
    await until(() => net.ports.has(8080));
    expect(run.out).toBe('Version: v0.0.1\nStarting server...\nListening on HTTP port 3000\n');
    stop.abort();
    expect(await run.done).toBe(130);
  });

  it('pflag: an unknown flag prints pflag\'s error and usage on stderr, the error again on stdout, exit 2; --help too', async () => {
    const fs = await built();
    const bad = start(fs, ['/bin/client', '--nope']);
    expect(await bad.done).toBe(2);
    expect(bad.err).toBe('unknown flag: --nope\nUsage of /bin/client:\n  -n, --name string   who is asking\n');
    expect(bad.out).toBe(`${CLIENT_START}unknown flag: --nope\n`);
    const short = start(fs, ['/bin/client', '-x']);
    expect(await short.done).toBe(2);
    expect(short.err.split('\n')[0]).toBe("unknown shorthand flag: 'x' in -x");
    const missing = start(fs, ['/bin/client', '-n']);
    expect(await missing.done).toBe(2);
    expect(missing.err.split('\n')[0]).toBe("flag needs an argument: 'n' in -n");
    const help = start(fs, ['/bin/server', '--help']);
    expect(await help.done).toBe(2);
    expect(help.err).toBe('Usage of /bin/server:\n  -p, --port string   port to listen on (default "3000")\n');
    expect(help.out).toBe('Version: 0.0.0+unknown\nStarting server...\npflag: help requested\n');
  });

  it('sh -c starts a binary with the shell\'s network', async () => {
    const fs = await built();
    const net = memoryNet();
    const stop = new AbortController();
    const server = start(fs, ['/bin/server'], { net, signal: stop.signal });
    await until(() => net.ports.has(3000));
    const programs = (path: string, f: WorkFs): Toolchain | undefined => (readBinaryInfo(f.readFile(path)) ? binaryProgram : undefined);
    const sh = start(fs, ['sh', '-c', '/bin/client --name=ana'], { net, programs }, shell);
    expect(await sh.done).toBe(0);
    expect(sh.out).toContain('Hello, ana! This reply came from inside a container.\n');
    stop.abort();
    await server.done;
  });

  it('go run builds and runs with the arguments after the package; a failing program makes go print exit status', async () => {
    const fs = projectFs();
    const net = memoryNet();
    const stop = new AbortController();
    const server = start(fs, ['go', 'run', './cmd/server', '-p', '4000'], { net, signal: stop.signal }, goToolchain);
    await until(() => net.ports.has(4000));
    expect((await go(fs, 'build -ldflags "-X main.serverURL=http://localhost:4000" -o /bin/client ./cmd/client')).exitCode).toBe(0);
    const client = start(fs, ['/bin/client', '--name=ana'], { net });
    expect(await client.done).toBe(0);
    expect(client.out).toContain('Hello, ana!');
    stop.abort();
    expect(await server.done).toBe(1);
    expect(server.err).toMatch(/signal: interrupt\n$/);
    const refused = start(fs, ['go', 'run', './cmd/client'], { net }, goToolchain);
    expect(await refused.done).toBe(1);
    expect(refused.err).toMatch(/connection refused\nexit status 1\n$/);
  });
});

/** Builds `src` as /src/cmd/t/main.go of the example module and runs it with `args`. */
async function runMain(src: string, args: string[] = [], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  const fs = projectFs();
  put(fs, '/src/cmd/t/main.go', src);
  const b = await go(fs, 'build -o /bin/t ./cmd/t');
  expect([b.exitCode, b.stderr]).toEqual([0, '']);
  const p = start(fs, ['/bin/t', ...args], { env });
  return { code: await p.done, out: p.out, err: p.err };
}

describe('the subset', () => {
  it('defer runs at return, in reverse; os.Exit ends at once without running them', async () => {
    const src = `package main

import (
\t"fmt"
\t"os"
)

func main() {
\tdefer fmt.Println("first deferred")
\tdefer fmt.Println("second deferred")
\tfmt.Println("body")
\tif os.Getenv("CODE") != "" {
\t\tos.Exit(3)
\t}
}
`;
    expect(await runMain(src)).toEqual({ code: 0, out: 'body\nsecond deferred\nfirst deferred\n', err: '' });
    expect(await runMain(src, [], { CODE: '1' })).toEqual({ code: 3, out: 'body\n', err: '' });
  });

  it('a construct outside the subset fails when it runs, with one line naming it and where, exit 2', async () => {
    const src = `package main

import "fmt"

func main() {
\tfmt.Println("before")
\tgo func() {
\t\tfmt.Println("in a goroutine")
\t}()
}
`;
    expect(await runMain(src)).toEqual({ code: 2, out: 'before\n', err: "stageplay's simulated Go does not run go statements (goroutines) (cmd/t/main.go:7)\n" });
    const lib = `package main

import (
\t"fmt"
\t"strings"
)

func main() {
\tfmt.Println(strings.Fields("a b"))
}
`;
    expect(await runMain(lib)).toEqual({ code: 2, out: '', err: "stageplay's simulated Go does not run strings.Fields (cmd/t/main.go:9)\n" });
  });

  it('functions of the module, ifs, loops, fmt verbs, errors, panics with their trace', async () => {
    const src = `package main

import (
\t"errors"
\t"fmt"
\t"os"

\t"github.com/stageplay/buildme/internal/greeting"
)

const limit = 3

func check(n int) (string, error) {
\tif n > limit {
\t\treturn "", errors.New("too many")
\t}
\treturn fmt.Sprintf("%d ok", n), nil
}

func main() {
\tfmt.Println(greeting.For(""))
\tfmt.Printf("%s|%5d|%-4s|%q|%v|%%|%d\\n", "s", 42, "ab", "q\\"", true)
\tfor i := 3; i <= 4; i++ {
\t\tmsg, err := check(i)
\t\tif err != nil {
\t\t\tfmt.Fprintln(os.Stderr, "error:", err)
\t\t\tcontinue
\t\t}
\t\tfmt.Println(msg)
\t}
\tb := []byte("bytes")
\tfmt.Println(len(b), string(b))
\tdefer fmt.Println("deferred before the panic")
\tpanic("boom")
}
`;
    const r = await runMain(src);
    expect(r.code).toBe(2);
    expect(r.out).toBe(
      'Hello, stranger! This reply came from inside a container.\ns|   42|ab  |"q\\""|true|%|%!d(MISSING)\n3 ok\n5 bytes\ndeferred before the panic\n',
    );
    expect(r.err).toBe('error: too many\npanic: boom\n\ngoroutine 1 [running]:\nmain.main()\n\t/src/cmd/t/main.go:34\n');
  });

  it('flag: Go\'s parsing, usage and errors (exit 2, -h exit 0)', async () => {
    const src = `package main

import (
\t"flag"
\t"fmt"
)

func main() {
\tport := flag.Int("port", 8080, "port to \`listen\` on")
\tname := flag.String("name", "", "who")
\tv := flag.Bool("v", false, "verbose")
\tflag.Parse()
\tfmt.Println(*port, *name, *v, flag.NArg(), flag.Arg(0))
}
`;
    expect(await runMain(src, ['-port', '9000', '--name=ana', '-v', 'rest'])).toEqual({ code: 0, out: '9000 ana true 1 rest\n', err: '' });
    const usage = 'Usage of /bin/t:\n  -name string\n    \twho\n  -port listen\n    \tport to listen on (default 8080)\n  -v\tverbose\n';
    expect(await runMain(src, ['-nope'])).toEqual({ code: 2, out: '', err: `flag provided but not defined: -nope\n${usage}` });
    expect(await runMain(src, ['-h'])).toEqual({ code: 0, out: '', err: usage });
    expect((await runMain(src, ['-port', 'x'])).err.split('\n')[0]).toBe('invalid value "x" for flag -port: parse error');
  });

  it('net/http: ServeMux routes by Go 1.20\'s rules; handlers write headers, status and bodies', async () => {
    const src = `package main

import (
\t"fmt"
\t"log"
\t"net/http"
)

func hello(w http.ResponseWriter, r *http.Request) {
\tw.Header().Set("Content-Type", "application/json")
\tw.WriteHeader(http.StatusCreated)
\tfmt.Fprintf(w, "{%q: %q, %q: %q}", "path", r.URL.Path, "method", r.Method)
\tw.WriteHeader(http.StatusInternalServerError)
}

func main() {
\thttp.HandleFunc("/hello", hello)
\thttp.HandleFunc("/files/", func(w http.ResponseWriter, r *http.Request) {
\t\tfmt.Fprint(w, "subtree ", r.URL.Path)
\t})
\thttp.HandleFunc("/panic", func(w http.ResponseWriter, r *http.Request) {
\t\tpanic("handler broke")
\t})
\tlog.Fatal(http.ListenAndServe(":8000", nil))
}
`;
    const fs = projectFs();
    put(fs, '/src/cmd/t/main.go', src);
    expect((await go(fs, 'build -o /bin/t ./cmd/t')).exitCode).toBe(0);
    const net = memoryNet();
    const stop = new AbortController();
    const server = start(fs, ['/bin/t'], { net, signal: stop.signal });
    await until(() => net.ports.has(8000));
    const get = (target: string) => (net.dial('localhost', 8000) as SimHttpHandler)({ method: 'GET', target, host: 'localhost:8000', headers: {}, body: '' });
    expect(await get('/hello')).toMatchObject({ status: 201, body: '{"path": "/hello", "method": "GET"}', headers: { 'Content-Type': 'application/json' } });
    expect(await get('/files/a/b')).toMatchObject({ status: 200, body: 'subtree /files/a/b' });
    expect(await get('/files?x=1')).toMatchObject({ status: 301, headers: { Location: '/files/?x=1' } });
    expect(await get('/nope')).toMatchObject({ status: 404, body: '404 page not found\n', headers: { 'X-Content-Type-Options': 'nosniff' } });
    // net/http recovers a handler's panic: logged, the connection dropped, the server goes on
    await expect(get('/panic')).rejects.toBeTruthy();
    expect(await get('/hello')).toMatchObject({ status: 201 });
    stop.abort();
    expect(await server.done).toBe(130);
    expect(server.err).toBe(
      '1970/01/01 00:00:00 http: superfluous response.WriteHeader call from main.hello (main.go:13)\n' +
        '1970/01/01 00:00:00 http: panic serving the request: handler broke\ngoroutine 7 [running]:\nmain.main.func2()\n\t/src/cmd/t/main.go:22\n' +
        '1970/01/01 00:00:00 http: superfluous response.WriteHeader call from main.hello (main.go:13)\n',
    );
  });
});

describe('processes that do not wait', () => {
  it('a loop that never waits still yields to the sandbox and ends on its signal', async () => {
    const fs = projectFs();
    put(fs, '/src/cmd/t/main.go', 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("spinning")\n\tn := 0\n\tfor {\n\t\tn++\n\t}\n}\n');
    expect((await go(fs, 'build -o /bin/t ./cmd/t')).exitCode).toBe(0);
    expect(readBinaryInfo(fs.readFile('/bin/t'))!.output).toEqual([{ fd: 1, text: 'spinning\n' }]);
    const stop = new AbortController();
    const p = start(fs, ['/bin/t'], { signal: stop.signal });
    await until(() => p.out === 'spinning\n');
    stop.abort('SIGKILL');
    expect(await p.done).toBe(137);
  });

  it('an unsupported construct in a handler ends the server (exit 2) and drops the client\'s connection (EOF)', async () => {
    const src = `package main

import (
\t"log"
\t"net/http"
)

func main() {
\thttp.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
\t\tfor _, c := range "abc" {
\t\t\tw.Write([]byte{byte(c)})
\t\t}
\t})
\tlog.Fatal(http.ListenAndServe(":3000", nil))
}
`;
    const fs = projectFs();
    put(fs, '/src/cmd/t/main.go', src);
    expect((await go(fs, 'build -o /bin/t ./cmd/t')).exitCode).toBe(0);
    expect((await go(fs, 'build -o /bin/client ./cmd/client')).exitCode).toBe(0);
    const net = memoryNet();
    const server = start(fs, ['/bin/t'], { net, signal: new AbortController().signal });
    await until(() => net.ports.has(3000));
    const client = start(fs, ['/bin/client'], { net });
    expect(await client.done).toBe(1);
    expect(client.err).toBe('no server is listening yet: Get "http://localhost:3000/?name=": EOF\n');
    expect(await server.done).toBe(2);
    expect(server.err).toBe("stageplay's simulated Go does not run range loops (cmd/t/main.go:10)\n");
  });
});

describe('Go semantics', () => {
  it('switch: an expression switch picks the first matching case, else default; break leaves it', async () => {
    const src = `package main

import "fmt"

func kind(method string) string {
\tswitch method {
\tcase "GET", "HEAD":
\t\treturn "read"
\tcase "POST":
\t\tif method == "POST" {
\t\t\tbreak
\t\t}
\t\treturn "unreachable"
\tdefault:
\t\treturn "other"
\t}
\treturn "write"
}

func main() {
\tfor i := 0; i < 3; i++ {
\t\tswitch {
\t\tcase i == 1:
\t\t\tcontinue
\t\t}
\t\tfmt.Println(i, kind("HEAD"), kind("POST"), kind("PUT"))
\t}
}
`;
    expect(await runMain(src)).toEqual({ code: 0, out: '0 read write other\n2 read write other\n', err: '' });
  });

  it('package vars in dependency order, init, const repetition, closures, named results changed by defer, if with init, shadowing, a nil dereference', async () => {
    const src = `package main

import (
	"fmt"
	"os"
	"strconv"
)

var total = compute()
var base = 10

const (
	a = "x"
	b
	c = "y"
)

func compute() int { return base * 2 }

func counter() func() int {
	n := 0
	return func() int {
		n++
		return n
	}
}

func safe() (out string) {
	defer func() { out = out + "!" }()
	return "done"
}

func init() { fmt.Println("init", total) }

func main() {
	next := counter()
	next()
	fmt.Println(next(), a, b, c, safe())
	if n, err := strconv.Atoi("12x"); err != nil {
		fmt.Println("bad:", err, n)
	} else {
		fmt.Println(n)
	}
	x := 1
	{
		x := 2
		_ = x
	}
	x += 5
	fmt.Printf("%d %v %s\\n", x, x > 3 && "a" < "b", os.Getenv("HOME"))
	var p *int
	fmt.Println(p == nil)
	fmt.Println(*p)
}
`;
    const r = await runMain(src, [], { HOME: '/root' });
    expect(r).toEqual({
      code: 2,
      out: 'init 20\n2 x x y done!\nbad: strconv.Atoi: parsing "12x": invalid syntax 0\n6 true /root\ntrue\n',
      err: 'panic: runtime error: invalid memory address or nil pointer dereference\n\ngoroutine 1 [running]:\nmain.main()\n\t/src/cmd/t/main.go:53\n',
    });
  });
});
