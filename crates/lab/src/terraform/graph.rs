//! The dependency graph of one module: which block needs which, the order to evaluate
//! them in (dependencies first), and the cycles Terraform would refuse
//! ("Cycle: local.b (expand), local.a (expand)").

/// A directed graph over `0..n`; an edge `a → b` means "a needs b".
#[derive(Debug, Clone, Default)]
pub struct Graph {
    edges: Vec<Vec<usize>>,
}

impl Graph {
    pub fn new(n: usize) -> Self {
        Graph {
            edges: vec![Vec::new(); n],
        }
    }

    pub fn len(&self) -> usize {
        self.edges.len()
    }

    pub fn is_empty(&self) -> bool {
        self.edges.is_empty()
    }

    /// Records that `from` needs `to` (self-edges are kept: they are cycles too).
    pub fn add_edge(&mut self, from: usize, to: usize) {
        if from < self.edges.len() && to < self.edges.len() && !self.edges[from].contains(&to) {
            self.edges[from].push(to);
        }
    }

    /// What `node` needs directly.
    pub fn needs(&self, node: usize) -> &[usize] {
        self.edges.get(node).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Every node `node` needs, directly or through others (sorted, without `node`).
    pub fn needs_transitively(&self, node: usize) -> Vec<usize> {
        let mut seen = vec![false; self.edges.len()];
        let mut stack = vec![node];
        while let Some(n) = stack.pop() {
            for &m in self.needs(n) {
                if !seen[m] {
                    seen[m] = true;
                    stack.push(m);
                }
            }
        }
        (0..self.edges.len())
            .filter(|&i| seen[i] && i != node)
            .collect()
    }

    /// Strongly connected components (Tarjan, iterative so a long chain cannot overflow
    /// the stack), each a list of nodes, dependencies' components before their users'.
    pub fn components(&self) -> Vec<Vec<usize>> {
        let n = self.edges.len();
        let mut index = vec![usize::MAX; n];
        let mut low = vec![0usize; n];
        let mut on_stack = vec![false; n];
        let mut stack: Vec<usize> = Vec::new();
        let mut out = Vec::new();
        let mut next = 0usize;
        for root in 0..n {
            if index[root] != usize::MAX {
                continue;
            }
            // (node, next edge to look at)
            let mut work: Vec<(usize, usize)> = vec![(root, 0)];
            index[root] = next;
            low[root] = next;
            next += 1;
            stack.push(root);
            on_stack[root] = true;
            while let Some(&mut (v, ref mut ei)) = work.last_mut() {
                if let Some(&w) = self.edges[v].get(*ei) {
                    *ei += 1;
                    if index[w] == usize::MAX {
                        index[w] = next;
                        low[w] = next;
                        next += 1;
                        stack.push(w);
                        on_stack[w] = true;
                        work.push((w, 0));
                    } else if on_stack[w] {
                        low[v] = low[v].min(index[w]);
                    }
                    continue;
                }
                work.pop();
                if let Some(&(parent, _)) = work.last() {
                    low[parent] = low[parent].min(low[v]);
                }
                if low[v] == index[v] {
                    let mut comp = Vec::new();
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        comp.push(w);
                        if w == v {
                            break;
                        }
                    }
                    comp.sort_unstable();
                    out.push(comp);
                }
            }
        }
        out
    }

    /// The components that are cycles: more than one node, or a node that needs itself.
    pub fn cycles(&self) -> Vec<Vec<usize>> {
        self.components()
            .into_iter()
            .filter(|c| c.len() > 1 || self.edges[c[0]].contains(&c[0]))
            .collect()
    }

    /// An evaluation order, dependencies first, or the cycles that prevent one.
    pub fn order(&self) -> Result<Vec<usize>, Vec<Vec<usize>>> {
        let cycles = self.cycles();
        if !cycles.is_empty() {
            return Err(cycles);
        }
        Ok(self.components().into_iter().flatten().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_puts_dependencies_first() {
        let mut g = Graph::new(4);
        g.add_edge(0, 1);
        g.add_edge(1, 2);
        g.add_edge(3, 0);
        let order = g.order().expect("acyclic");
        let pos = |n| order.iter().position(|&x| x == n).expect("present");
        assert!(pos(2) < pos(1) && pos(1) < pos(0) && pos(0) < pos(3));
        assert_eq!(g.needs_transitively(3), vec![0, 1, 2]);
    }

    #[test]
    fn cycles_are_found_and_self_edges_count() {
        let mut g = Graph::new(4);
        g.add_edge(0, 1);
        g.add_edge(1, 0);
        g.add_edge(2, 2);
        assert_eq!(g.cycles(), vec![vec![0, 1], vec![2]]);
        assert!(g.order().is_err());
    }

    #[test]
    fn long_chain_does_not_overflow() {
        let n = 200_000;
        let mut g = Graph::new(n);
        for i in 0..n - 1 {
            g.add_edge(i, i + 1);
        }
        assert_eq!(g.order().expect("acyclic")[0], n - 1);
    }
}
