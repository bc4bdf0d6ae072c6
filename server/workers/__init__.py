"""Where untrusted queries run: sandboxed query processes, the pool, dispatch and the query job."""
