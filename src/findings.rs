//! An audit's findings, in report order, kept in the blocks the rules
//! wrote them in.
//!
//! The post-level rules judge the records in blocks, on all cores, each
//! block's findings in a list of its own (see `audit::check_posts`). A
//! bulk upload of a million records has four million findings: copying
//! the blocks into one list would hold every finding twice at once. So
//! the blocks are kept as they are; a finding is found by its position in
//! the whole with a binary search over the blocks' starts.

use std::ops::Index;

use rayon::prelude::*;

use crate::rules::Finding;

/// The findings, in report order, as one sequence: `len`, `iter`, `[i]`.
#[derive(Debug, Clone, Default)]
pub struct Findings {
    /// Never an empty block: `[i]` finds the block that holds `i`.
    blocks: Vec<Vec<Finding>>,
    /// Where each block starts in the whole; one more than the blocks, the
    /// last being the number of findings.
    starts: Vec<usize>,
}

impl Findings {
    /// The findings of `blocks`, one after another.
    pub fn from_blocks(blocks: Vec<Vec<Finding>>) -> Self {
        let mut f = Findings {
            blocks,
            starts: Vec::new(),
        };
        f.reindex();
        f
    }

    fn reindex(&mut self) {
        self.blocks.retain(|b| !b.is_empty());
        self.starts.clear();
        self.starts.reserve(self.blocks.len() + 1);
        let mut at = 0;
        self.starts.push(at);
        for b in &self.blocks {
            at += b.len();
            self.starts.push(at);
        }
    }

    pub fn len(&self) -> usize {
        *self.starts.last().unwrap_or(&0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, i: usize) -> Option<&Finding> {
        if i >= self.len() {
            return None;
        }
        // The last block starting at or before `i`.
        let b = self.starts.partition_point(|&s| s <= i) - 1;
        Some(&self.blocks[b][i - self.starts[b]])
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Finding> + Clone {
        self.blocks.iter().flatten()
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut Finding> {
        self.blocks.iter_mut().flatten()
    }

    /// The findings on all cores, in order when collected.
    pub fn par_iter(&self) -> impl ParallelIterator<Item = &Finding> {
        self.blocks.par_iter().flat_map_iter(|b| b.iter())
    }

    /// Keeps the findings `keep` accepts, visited in order.
    pub fn retain(&mut self, mut keep: impl FnMut(&Finding) -> bool) {
        for b in &mut self.blocks {
            b.retain(&mut keep);
        }
        self.reindex();
    }
}

impl Index<usize> for Findings {
    type Output = Finding;

    fn index(&self, i: usize) -> &Finding {
        match self.get(i) {
            Some(f) => f,
            None => panic!("finding {i} of {}", self.len()),
        }
    }
}

impl<'a> IntoIterator for &'a Findings {
    type Item = &'a Finding;
    type IntoIter = std::iter::Flatten<std::slice::Iter<'a, Vec<Finding>>>;

    fn into_iter(self) -> Self::IntoIter {
        self.blocks.iter().flatten()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::rules;

    fn finding(tag: usize) -> Finding {
        Finding::on_post(rules::ALL[0].meta(), tag, format!("#{tag}"))
    }

    fn tags<'a>(it: impl IntoIterator<Item = &'a Finding>) -> Vec<usize> {
        it.into_iter().map(|f| f.post().unwrap()).collect()
    }

    proptest! {
        /// Blocks of any sizes, empty ones among them, read as the list
        /// they make one after another: by position, in order, on all
        /// cores, and after some are left out.
        #[test]
        fn blocks_read_as_one_list(
            sizes in prop::collection::vec(0usize..6, 0..12),
            drop_every in 1usize..5,
        ) {
            let mut n = 0;
            let blocks: Vec<Vec<Finding>> = sizes
                .iter()
                .map(|&k| (0..k).map(|_| { n += 1; finding(n - 1) }).collect())
                .collect();
            let whole: Vec<usize> = (0..n).collect();
            let mut f = Findings::from_blocks(blocks);
            prop_assert_eq!(f.len(), n);
            prop_assert_eq!(f.is_empty(), n == 0);
            prop_assert_eq!(tags((0..n).map(|i| &f[i])), whole.clone());
            prop_assert!(f.get(n).is_none());
            prop_assert_eq!(tags(&f), whole.clone());
            prop_assert_eq!(tags(f.par_iter().collect::<Vec<_>>()), whole.clone());
            prop_assert_eq!(tags(f.iter().rev()).into_iter().rev().collect::<Vec<_>>(), whole.clone());

            f.retain(|g| g.post().unwrap() % drop_every != 0);
            let kept: Vec<usize> = whole.into_iter().filter(|t| t % drop_every != 0).collect();
            prop_assert_eq!(f.len(), kept.len());
            prop_assert_eq!(tags((0..kept.len()).map(|i| &f[i])), kept.clone());
            prop_assert_eq!(tags(&f), kept);
        }
    }
}
