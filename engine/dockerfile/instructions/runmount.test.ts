import { describe, expect, it } from 'vitest';
import { parseMount, parseMountAtParse, ramInBytes, splitCsv } from './runmount.ts';

const full = (v: string) => parseMount(v, (w) => w);

describe('RUN --mount', () => {
  it('defaults: bind read-only, cache/tmpfs writable', () => {
    expect(full('target=/src')).toMatchObject({ type: 'bind', target: '/src', readOnly: true, from: '', sharing: '' });
    expect(full('type=cache,target=/go/pkg/mod/')).toMatchObject({ type: 'cache', readOnly: false });
    expect(full('type=tmpfs,dst=/t,size=64m')).toMatchObject({ type: 'tmpfs', target: '/t', sizeLimit: 64 * 1024 * 1024 });
    expect(full('type=bind,source=go.sum,target=go.sum,rw')).toMatchObject({ source: 'go.sum', readOnly: false });
    expect(full('TYPE=Cache,id=x,sharing=LOCKED,mode=0755,uid=1,gid=2')).toMatchObject({ type: 'cache', id: 'x', sharing: 'locked', mode: 0o755, uid: 1, gid: 2 });
    expect(full('type=secret,id=tok,env=TOKEN,required')).toMatchObject({ type: 'secret', id: 'tok', env: 'TOKEN', required: true, readOnly: true });
    expect(full('type=ssh,required=false')).toMatchObject({ type: 'ssh', required: false });
  });
  it.each([
    ['required,type=secret,id=x', "unexpected key 'required' for mount type 'bind'"],
    ['type=secret,id=x,size=1', "unexpected key 'size' for mount type 'secret'"],
    ['type=volume', 'unsupported mount type "volume"'],
    ['type=cach', 'unsupported mount type "cach" (did you mean cache?)'],
    ['target', "invalid field 'target' must be a key=value pair"],
    ['targt=/x', "unexpected key 'targt' in 'targt=/x' (did you mean target?)"],
    ['type=cache,sharing=all', 'unsupported sharing value "all"'],
    ['type=cache,mode=9', 'invalid value 9 for mode'],
    ['type=cache,uid=-1', 'invalid value -1 for uid'],
    ['type=bind,mode=0755', 'mode not allowed for "bind" type mounts'],
    ['type=tmpfs,gid=1', 'gid not allowed for "tmpfs" type mounts'],
    ['type=bind,ro=maybe', 'invalid value for ro: maybe'],
    ['type=tmpfs,size=big', 'invalid value for size: big'],
    ['type=bind,sharing=shared', 'invalid cache sharing set for bind mount'],
    ['type=secret,from=x,id=a', 'secret mount should not have a from'],
    ['type=secret,sharing=locked,id=a', 'secret mount should not define sharing'],
    ['type=secret', 'invalid secret mount. one of source, target required'],
    ['type=secret,source=a,id=b', "both source and id can't be set"],
  ])('%s', (spec, msg) => {
    expect(() => full(spec)).toThrow(msg);
    expect(() => parseMountAtParse(spec)).toThrow(msg);
  });
  it('rejects variables in from= at parse time, defers other variables', () => {
    expect(() => parseMountAtParse('from=$STAGE,target=/x')).toThrow("'from' doesn't support variable expansion, define alias stage instead");
    expect(() => parseMountAtParse('from=a$,target=/x')).not.toThrow();
    expect(full('from=a$,target=/x')).toMatchObject({ from: 'a$' });
    expect(parseMountAtParse('type=$T,target=/x')).toBeUndefined();
  });
  it('splits CSV with quotes', () => {
    expect(splitCsv('a=1,"b=x,y","c="""""')).toEqual(['a=1', 'b=x,y', 'c=""']);
    expect(() => splitCsv('a=b"c')).toThrow('bare " in non-quoted-field');
    expect(() => splitCsv('a="x')).toThrow('failed to parse csv mounts');
  });
  it('parses RAM sizes', () => {
    expect(ramInBytes('1k')).toBe(1024);
    expect(ramInBytes('1.5GiB')).toBe(1.5 * 1024 ** 3);
    expect(ramInBytes('10')).toBe(10);
    expect(ramInBytes('x')).toBeUndefined();
  });
});
