//! The one graph routine of the generator: which nodes of a directed graph lie on a cycle
//! (strongly connected components, Tarjan's algorithm), iterative so that a chain of any length
//! takes linear time and no stack. The checker asks it of `$ref` and `allOf` chains, the model
//! of the type graph (which fields to box).

/// For each node of the graph (`edges[v]`: the nodes `v` points at), the component it is in;
/// a node on no cycle (alone in its component, with no edge to itself) gets a number of its own
/// that no other node has (`usize::MAX - v`), so "same number" means "on a cycle together".
pub fn cycles(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut comp = vec![usize::MAX; n];
    let mut stack = Vec::new();
    let mut next = 0;
    let mut comps = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut call: Vec<(usize, usize)> = vec![(root, 0)];
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut ei)) = call.last_mut() {
            if *ei < edges[v].len() {
                let w = edges[v][*ei];
                *ei += 1;
                if index[w] == usize::MAX {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    call.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
            } else {
                call.pop();
                if let Some(&(u, _)) = call.last() {
                    low[u] = low[u].min(low[v]);
                }
                if low[v] == index[v] {
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        comp[w] = comps;
                        if w == v {
                            break;
                        }
                    }
                    comps += 1;
                }
            }
        }
    }
    // A type alone in its component is recursive only if it points at itself.
    let mut sizes = vec![0usize; comps];
    for &c in &comp {
        sizes[c] += 1;
    }
    for (v, es) in edges.iter().enumerate() {
        let alone = sizes[comp[v]] == 1;
        if alone && !es.contains(&v) {
            comp[v] = usize::MAX - v;
        }
    }
    comp
}

/// Whether each node lies on a cycle (with others, or through an edge to itself).
pub fn on_a_cycle(edges: &[Vec<usize>]) -> Vec<bool> {
    let comp = cycles(edges);
    (0..edges.len()).map(|v| comp[v] != usize::MAX - v).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodes_on_cycles() {
        // 0 → 1 → 2 → 0, 3 → 3, 4 → 0, 5
        let edges = vec![vec![1], vec![2], vec![0], vec![3], vec![0], vec![]];
        assert_eq!(on_a_cycle(&edges), [true, true, true, true, false, false]);
        let comp = cycles(&edges);
        assert!(comp[0] == comp[1] && comp[1] == comp[2] && comp[3] != comp[0]);
    }

    #[test]
    fn a_long_chain_takes_no_stack() {
        let n = 200_000;
        let mut edges: Vec<Vec<usize>> = (0..n).map(|i| vec![i + 1]).collect();
        edges.push(vec![0]);
        assert!(on_a_cycle(&edges).iter().all(|&c| c));
    }
}
