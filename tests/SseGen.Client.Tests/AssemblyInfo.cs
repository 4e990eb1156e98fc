// Several tests measure time (idle timeout, retry:, how fast a connection closes); on two shared cores they
// run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
