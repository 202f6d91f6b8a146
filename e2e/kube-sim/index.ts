/** kube-sim moved to lib/kube-sim (the CLI's `demo` imports it); this path stays for code written against it. */
export * from '../../lib/kube-sim';
