/** The one port matcher and what each dialect's reader makes of its port syntax (ports.ts). */
import { describe, expect, it } from 'vitest';
import { anpPort, calicoPort, ciliumPort, kubernetesPort, portListAdmits, type PortReader } from './ports';

const admits = (entries: unknown[], read: PortReader, named: 'no' | 'unknown', port = 80) => portListAdmits(entries, read, port, named);

describe('shared semantics', () => {
  const dialects: Array<[string, PortReader, 'no' | 'unknown', (port: number) => unknown, (from: number, to: number) => unknown]> = [
    ['Kubernetes', kubernetesPort, 'no', (port) => ({ port }), (from, to) => ({ port: from, endPort: to })],
    ['Cilium / Antrea', ciliumPort, 'unknown', (port) => ({ port }), (from, to) => ({ port: from, endPort: to })],
    ['Calico', calicoPort, 'unknown', (port) => port, (from, to) => `${from}:${to}`],
    ['AdminNetworkPolicy', anpPort, 'no', (port) => ({ portNumber: { port } }), (start, end) => ({ portRange: { start, end } })],
  ];
  for (const [name, read, named, one, range] of dialects) {
    it(`${name}: an empty list admits every port; a port or an inclusive range admits what it names; one entry is enough`, () => {
      expect(admits([], read, named)).toBe('yes');
      expect(admits([one(80)], read, named)).toBe('yes');
      expect(admits([one(443)], read, named)).toBe('no');
      expect(admits([range(70, 80)], read, named)).toBe('yes');
      expect(admits([range(81, 90)], read, named)).toBe('no');
      expect(admits([one(443), one(80)], read, named)).toBe('yes');
    });
  }
});

describe('where the dialects differ', () => {
  it('protocol: Kubernetes and AdminNetworkPolicy default to TCP, Cilium/Antrea to ANY (case-insensitive)', () => {
    expect(admits([{ port: 80, protocol: 'UDP' }], kubernetesPort, 'no')).toBe('no');
    expect(admits([{ port: 80, protocol: 'ANY' }], kubernetesPort, 'no')).toBe('no');
    expect(admits([{ port: 80, protocol: 'any' }], ciliumPort, 'unknown')).toBe('yes');
    expect(admits([{ port: 80, protocol: 'udp' }], ciliumPort, 'unknown')).toBe('no');
    expect(admits([{ portNumber: { port: 80, protocol: 'UDP' } }], anpPort, 'no')).toBe('no');
  });

  it('every port: Cilium/Antrea accept an absent port or port 0; Kubernetes an absent port', () => {
    expect(admits([{ protocol: 'TCP' }], kubernetesPort, 'no')).toBe('yes');
    expect(admits([{ port: '0' }], ciliumPort, 'unknown')).toBe('yes');
    expect(admits([{ port: 0 }], ciliumPort, 'unknown')).toBe('yes');
    expect(admits([{ port: '80' }], ciliumPort, 'unknown')).toBe('yes');
  });

  it('named ports: no for Kubernetes and AdminNetworkPolicy, unknown for Cilium, Antrea and Calico', () => {
    expect(admits([{ port: 'http' }], kubernetesPort, 'no')).toBe('no');
    expect(admits([{ namedPort: 'http' }], anpPort, 'no')).toBe('no');
    expect(admits([{ port: 'http' }], ciliumPort, 'unknown')).toBe('unknown');
    expect(admits(['http'], calicoPort, 'unknown')).toBe('unknown');
    // A named port next to a matching one does not hide the match.
    expect(admits(['http', 80], calicoPort, 'unknown')).toBe('yes');
  });

  it('unreadable entries: unknown for Cilium, Antrea and Calico, skipped by AdminNetworkPolicy', () => {
    expect(admits(['junk'], ciliumPort, 'unknown')).toBe('unknown');
    expect(admits([{ port: { nested: true } }], ciliumPort, 'unknown')).toBe('unknown');
    expect(admits([{}], calicoPort, 'unknown')).toBe('unknown');
    expect(admits(['junk'], anpPort, 'no')).toBe('no');
    expect(admits(['junk', { port: 80 }], ciliumPort, 'unknown')).toBe('yes');
  });
});
