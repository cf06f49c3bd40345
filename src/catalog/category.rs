//! A tenant's category tree: order, paths, subtrees, and which moves are legal.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use uuid::Uuid;

/// Longest category name.
pub const CATEGORY_NAME_MAX: usize = 80;
/// How deep the tree may grow (root = depth 0).
pub const MAX_DEPTH: usize = 4;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Category {
    pub id: Uuid,
    pub parent_id: Option<Uuid>,
    pub name: String,
    pub slug: String,
    pub position: i32,
}

/// A category name as admins type it and visitors see it: the shared
/// visible-text rule (`crate::text`), at most [`CATEGORY_NAME_MAX`] characters.
pub fn parse_name(raw: &str) -> Result<String, crate::text::TextError> {
    crate::text::visible_text(raw, CATEGORY_NAME_MAX)
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoveError {
    #[error("cannot be placed inside itself or one of its subcategories")]
    Cycle,
    #[error("would nest categories more than {} levels deep", MAX_DEPTH + 1)]
    TooDeep,
    #[error("is not a category")]
    UnknownParent,
}

/// The categories of one tenant, indexed. Always a forest: see `new`.
#[derive(Debug, Clone, Default)]
pub struct CategoryTree {
    nodes: Vec<Category>,
    index: HashMap<Uuid, usize>,
    children: HashMap<Option<Uuid>, Vec<usize>>,
    /// Per node, the parent it is shown under (see `new`).
    shown_parents: Vec<Option<Uuid>>,
}

impl CategoryTree {
    pub fn new(mut nodes: Vec<Category>) -> CategoryTree {
        nodes.sort_by(|a, b| (a.position, &a.name).cmp(&(b.position, &b.name)));
        let index: HashMap<Uuid, usize> =
            nodes.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
        // A category whose ancestors lead back to itself (a loop, which the
        // database's serialized moves never store, but which must not hang
        // or overflow a walk if it ever were) is shown as a root, as is one
        // whose parent is missing: every walk below then ends, and every
        // category stays visible so an admin can put it right.
        let in_loop = |start: usize| -> bool {
            let mut current = nodes[start].parent_id;
            for _ in 0..nodes.len() {
                match current.and_then(|p| index.get(&p)) {
                    Some(&i) if i == start => return true,
                    Some(&i) => current = nodes[i].parent_id,
                    None => return false,
                }
            }
            false
        };
        let mut children: HashMap<Option<Uuid>, Vec<usize>> = HashMap::new();
        let mut shown_parents = Vec::with_capacity(nodes.len());
        for (i, c) in nodes.iter().enumerate() {
            let parent = c
                .parent_id
                .filter(|p| index.contains_key(p))
                .filter(|_| !in_loop(i));
            children.entry(parent).or_default().push(i);
            shown_parents.push(parent);
        }
        CategoryTree {
            nodes,
            index,
            children,
            shown_parents,
        }
    }

    pub fn get(&self, id: Uuid) -> Option<&Category> {
        self.index.get(&id).map(|&i| &self.nodes[i])
    }

    pub fn by_slug(&self, slug: &str) -> Option<&Category> {
        self.nodes.iter().find(|c| c.slug == slug)
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// Direct children of `parent` (`None`: the roots), in display order.
    pub fn children(&self, parent: Option<Uuid>) -> Vec<&Category> {
        self.children
            .get(&parent)
            .map(|v| v.iter().map(|&i| &self.nodes[i]).collect())
            .unwrap_or_default()
    }

    /// Every category, depth-first in display order, with its depth.
    pub fn ordered(&self) -> Vec<(&Category, usize)> {
        let mut out = Vec::with_capacity(self.nodes.len());
        self.walk(None, 0, &mut out);
        out
    }

    fn walk<'a>(
        &'a self,
        parent: Option<Uuid>,
        depth: usize,
        out: &mut Vec<(&'a Category, usize)>,
    ) {
        for child in self.children(parent) {
            out.push((child, depth));
            self.walk(Some(child.id), depth + 1, out);
        }
    }

    /// `id` and all its descendants.
    pub fn subtree(&self, id: Uuid) -> Vec<Uuid> {
        let mut out = Vec::new();
        let mut stack = vec![id];
        while let Some(next) = stack.pop() {
            if !self.index.contains_key(&next) || out.contains(&next) {
                continue;
            }
            out.push(next);
            stack.extend(self.children(Some(next)).iter().map(|c| c.id));
        }
        out
    }

    /// Root → `id`, along the tree as shown (see `new`).
    pub fn path(&self, id: Uuid) -> Vec<&Category> {
        let mut out = Vec::new();
        let mut current = self.get(id);
        while let Some(c) = current {
            out.push(c);
            current = self
                .index
                .get(&c.id)
                .and_then(|&i| self.shown_parents[i])
                .and_then(|p| self.get(p));
        }
        out.reverse();
        out
    }

    /// Whether following stored parents up from `from` reaches `target`
    /// (bounded: a stored loop ends the walk).
    fn stored_ancestors_reach(&self, from: Uuid, target: Uuid) -> bool {
        let mut current = Some(from);
        for _ in 0..=self.nodes.len() {
            match current {
                Some(id) if id == target => return true,
                Some(id) => current = self.get(id).and_then(|c| c.parent_id),
                None => return false,
            }
        }
        false
    }

    /// Every (category, ancestor-or-self) pair: counting a course once per
    /// ancestor is how a parent's count includes its subcategories.
    pub fn ancestor_pairs(&self) -> (Vec<Uuid>, Vec<Uuid>) {
        let mut ids = Vec::new();
        let mut ancestors = Vec::new();
        for c in &self.nodes {
            for a in self.path(c.id) {
                ids.push(c.id);
                ancestors.push(a.id);
            }
        }
        (ids, ancestors)
    }

    fn height(&self, id: Uuid) -> usize {
        self.children(Some(id))
            .iter()
            .map(|c| 1 + self.height(c.id))
            .max()
            .unwrap_or(0)
    }

    /// Whether `id` may move under `new_parent` (`None`: to the top level).
    pub fn check_move(&self, id: Uuid, new_parent: Option<Uuid>) -> Result<(), MoveError> {
        let Some(parent) = new_parent else {
            return if self.height(id) > MAX_DEPTH {
                Err(MoveError::TooDeep)
            } else {
                Ok(())
            };
        };
        if self.get(parent).is_none() {
            return Err(MoveError::UnknownParent);
        }
        if self.subtree(id).contains(&parent) || self.stored_ancestors_reach(parent, id) {
            return Err(MoveError::Cycle);
        }
        let parent_depth = self.path(parent).len() - 1;
        if parent_depth + 1 + self.height(id) > MAX_DEPTH {
            return Err(MoveError::TooDeep);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cat(n: u128, parent: Option<u128>, name: &str, position: i32) -> Category {
        Category {
            id: Uuid::from_u128(n),
            parent_id: parent.map(Uuid::from_u128),
            name: name.into(),
            slug: name.to_lowercase(),
            position,
        }
    }

    fn tree() -> CategoryTree {
        CategoryTree::new(vec![
            cat(3, Some(1), "Rust", 1),
            cat(1, None, "Programming", 0),
            cat(2, Some(1), "Python", 0),
            cat(4, None, "Design", 1),
            cat(5, Some(3), "Async", 0),
        ])
    }

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    #[test]
    fn orders_depth_first_by_position() {
        let t = tree();
        let names: Vec<(&str, usize)> = t
            .ordered()
            .iter()
            .map(|(c, d)| (c.name.as_str(), *d))
            .collect();
        assert_eq!(
            names,
            [
                ("Programming", 0),
                ("Python", 1),
                ("Rust", 1),
                ("Async", 2),
                ("Design", 0)
            ]
        );
    }

    #[test]
    fn subtrees_and_paths() {
        let t = tree();
        let mut sub = t.subtree(id(1));
        sub.sort();
        assert_eq!(sub, [id(1), id(2), id(3), id(5)]);
        assert_eq!(t.subtree(id(99)), Vec::<Uuid>::new());
        let path: Vec<&str> = t.path(id(5)).iter().map(|c| c.name.as_str()).collect();
        assert_eq!(path, ["Programming", "Rust", "Async"]);
        assert_eq!(t.by_slug("rust").map(|c| c.id), Some(id(3)));
    }

    #[test]
    fn ancestor_pairs_count_each_level() {
        let (ids, ancestors) = tree().ancestor_pairs();
        let async_rows: Vec<Uuid> = ids
            .iter()
            .zip(&ancestors)
            .filter(|(c, _)| **c == id(5))
            .map(|(_, a)| *a)
            .collect();
        assert_eq!(async_rows, [id(1), id(3), id(5)]);
        assert_eq!(ids.len(), 1 + 2 + 2 + 1 + 3);
    }

    #[test]
    fn moves_that_would_loop_or_nest_too_deep_are_refused() {
        let t = tree();
        assert_eq!(t.check_move(id(1), Some(id(5))), Err(MoveError::Cycle));
        assert_eq!(t.check_move(id(1), Some(id(1))), Err(MoveError::Cycle));
        assert_eq!(
            t.check_move(id(3), Some(id(99))),
            Err(MoveError::UnknownParent)
        );
        assert_eq!(t.check_move(id(3), Some(id(4))), Ok(()));
        assert_eq!(t.check_move(id(5), None), Ok(()));
        // A chain at the maximum depth cannot go one deeper.
        let mut chain: Vec<Category> = (0..=MAX_DEPTH as u128)
            .map(|n| cat(10 + n, (n > 0).then(|| 9 + n), &format!("c{n}"), 0))
            .collect();
        chain.push(cat(50, None, "other", 1));
        let t = CategoryTree::new(chain);
        assert_eq!(t.check_move(id(10), Some(id(50))), Err(MoveError::TooDeep));
        assert_eq!(t.check_move(id(11), Some(id(50))), Ok(()));
    }

    #[test]
    fn a_stored_loop_neither_hangs_nor_hides_its_categories() {
        // X under Y and Y under X: what two racing moves once stored.
        let t = CategoryTree::new(vec![
            cat(1, Some(2), "X", 0),
            cat(2, Some(1), "Y", 1),
            cat(3, Some(1), "Child of X", 0),
            cat(4, None, "Root", 2),
        ]);
        let names: Vec<&str> = t.ordered().iter().map(|(c, _)| c.name.as_str()).collect();
        assert_eq!(
            names,
            ["X", "Child of X", "Y", "Root"],
            "every category is listed"
        );
        // Moves and walks over the loop end (no stack overflow).
        assert_eq!(t.check_move(id(1), None), Ok(()));
        assert_eq!(t.check_move(id(4), Some(id(3))), Ok(()));
        // Y's stored parent chain (Y → X → Y) must not grow a new loop.
        assert_eq!(t.check_move(id(2), Some(id(3))), Err(MoveError::Cycle));
        assert_eq!(t.check_move(id(1), Some(id(3))), Err(MoveError::Cycle));
        let path: Vec<&str> = t.path(id(3)).iter().map(|c| c.name.as_str()).collect();
        assert_eq!(path, ["X", "Child of X"]);
        let (ids, _) = t.ancestor_pairs();
        assert!(ids.len() >= 4);
    }

    #[test]
    fn category_names_follow_the_visible_text_rule() {
        assert_eq!(parse_name("  Data science ").as_deref(), Ok("Data science"));
        assert!(parse_name("\u{200B}").is_err());
        assert!(parse_name("Data\u{202E}").is_err());
        assert!(parse_name(&"x".repeat(CATEGORY_NAME_MAX + 1)).is_err());
    }
}
