/**
 * The sandbox's network (`toolchain/net.ts`): one namespace per container, its own
 * `localhost`, and the host's (the terminal's). A container reaches the host as
 * `host.docker.internal` (Docker Desktop's name, `--add-host=host.docker.internal:host-gateway`
 * on Linux); the host reaches a container's port where `docker run -p HOST:CONTAINER`
 * published it. Containers sit on the default bridge: they reach each other by IP
 * (`172.17.0.N`), never by name (only user-defined networks resolve names).
 */
import type { DialError, SimHttpHandler, SimNetwork } from '../../toolchain/net.ts';

/** What a dial may name for the namespace itself. */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]', '0.0.0.0', 'ip6-localhost']);

/** Go's and Linux's words for a port that is taken (`listen tcp :3000: bind: address already in use`). */
export const ADDRESS_IN_USE = 'address already in use';

/** One network namespace: the ports its processes listen on. */
class Namespace {
  readonly listeners = new Map<number, SimHttpHandler>();
  constructor(
    readonly sw: NetworkSwitch,
    /** The names that are this namespace from inside it: loopback, its hostname. */
    readonly ownNames: ReadonlySet<string>,
    readonly ip: string | undefined,
  ) {}

  view(): SimNetwork {
    return {
      listen: (port, handler) => {
        if (this.listeners.has(port)) return { error: ADDRESS_IN_USE };
        this.listeners.set(port, handler);
        return {
          close: () => {
            if (this.listeners.get(port) === handler) this.listeners.delete(port);
          },
        };
      },
      dial: (host, port) => this.sw.dial(this, host.toLowerCase(), port),
    };
  }
}

/** A published port: the host's `hostPort` forwards to `containerPort` of a container's namespace. */
interface Published {
  readonly owner: string;
  readonly target: Namespace;
  readonly containerPort: number;
}

/** Every namespace of the sandbox and the host's published ports. */
export class NetworkSwitch {
  private readonly host = new Namespace(this, new Set([...LOOPBACK, 'stageplay']), undefined);
  private readonly containers = new Map<string, Namespace>();
  private readonly published = new Map<number, Published>();

  /** The host's namespace (the terminal: `curl localhost:3000`). */
  hostNetwork(): SimNetwork {
    return this.host.view();
  }

  /** A fresh namespace for container `id` (replacing its old one): `hostname` and `ip` are its own names. */
  attach(id: string, hostname: string, ip: string): SimNetwork {
    const ns = new Namespace(this, new Set([...LOOPBACK, hostname, ip]), ip);
    this.containers.set(id, ns);
    return ns.view();
  }

  /** Whether something listens in container `id`'s namespace. */
  listening(id: string): boolean {
    return (this.containers.get(id)?.listeners.size ?? 0) > 0;
  }

  /** Container `id`'s current namespace, if it runs. */
  networkOf(id: string): SimNetwork | undefined {
    return this.containers.get(id)?.view();
  }

  /** The container's namespace is gone (it stopped): its listeners and published ports with it. */
  detach(id: string): void {
    this.containers.delete(id);
    for (const [port, p] of this.published) if (p.owner === id) this.published.delete(port);
  }

  /** Publish `hostPort` for container `id`; the owner of the port when it is taken. */
  publish(id: string, hostPort: number, containerPort: number): string | undefined {
    const taken = this.published.get(hostPort);
    if (taken && taken.owner !== id) return taken.owner;
    const target = this.containers.get(id);
    if (!target) throw new Error(`publish: container ${id} has no network`);
    this.published.set(hostPort, { owner: id, target, containerPort });
    return undefined;
  }

  /** Whether `hostPort` is published by a container other than `id`. */
  allocated(hostPort: number, id?: string): boolean {
    const p = this.published.get(hostPort);
    return p !== undefined && p.owner !== id;
  }

  /** What a dial from `from` to `host:port` reaches. */
  dial(from: Namespace, host: string, port: number): SimHttpHandler | DialError {
    if (from.ownNames.has(host)) return this.onNamespace(from, port);
    if (host === 'host.docker.internal' && from !== this.host) return this.onNamespace(this.host, port);
    for (const ns of this.containers.values()) if (ns.ip === host) return ns.listeners.get(port) ?? 'refused';
    // a literal address nothing answers on; anything else is a name that does not resolve
    return /^[\d.]+$|^\[?[0-9a-f]*:[0-9a-f:]*\]?$/.test(host) ? 'refused' : 'no-such-host';
  }

  /** Port `port` of `ns`: a listener there, or (on the host) a container port published on it. */
  private onNamespace(ns: Namespace, port: number): SimHttpHandler | DialError {
    const own = ns.listeners.get(port);
    if (own) return own;
    if (ns === this.host) {
      const p = this.published.get(port);
      if (p) return p.target.listeners.get(p.containerPort) ?? 'refused';
    }
    return 'refused';
  }
}
