//! The 2-D plane through weight space that the loss surface is drawn on: through the
//! lanes' shared starting weights, spanned by two orthonormal directions.
//!
//! The directions are the top two principal directions of every snapshot's displacement
//! from the start (all lanes together), as Li et al. draw training paths in "Visualizing
//! the Loss Landscape of Neural Nets" (2018). Gram–Schmidt on two lanes' displacements
//! would favour those two lanes and need at least two that moved; the principal
//! directions keep as much of every lane's movement as any plane can, and work for one
//! lane. Random directions fill in what the paths do not span (no movement yet, or one
//! straight path), so there are always two.

use nnplay_tensor::rng::StreamRng;

/// Rounds of power iteration per direction; the Gram matrix is small, and a direction
/// inside the top eigenspace is all the picture needs, so exact convergence does not matter.
const POWER_ROUNDS: usize = 200;
/// A displacement shorter than this (relative to the longest) counts as no movement.
const DEGENERATE: f64 = 1e-9;
/// Seed and stream of the random directions that fill in for missing movement.
const FILL_SEED: u64 = 0x5EED_0A5E;
const FILL_STREAM: u32 = 0x7A2E_0001;

/// A plane through `origin` spanned by two orthonormal `directions`.
#[derive(Debug, Clone, PartialEq)]
pub struct Plane {
    pub origin: Vec<f32>,
    pub directions: [Vec<f32>; 2],
    /// Share of the displacements' squared length that lies in the plane (1: every path is in it).
    pub explained: f32,
}

impl Plane {
    /// The plane through `origin` that best holds `points` (any number, each as long as
    /// `origin`): see the module documentation.
    pub fn through(origin: Vec<f32>, points: &[&[f32]]) -> Plane {
        let displacements: Vec<Vec<f64>> = points
            .iter()
            .map(|point| point.iter().zip(&origin).map(|(&p, &o)| f64::from(p) - f64::from(o)).collect())
            .collect();
        let mut found: Vec<Vec<f64>> = principal_directions(&displacements);
        let mut filler = StreamRng::new(FILL_SEED, FILL_STREAM);
        while found.len() < 2 {
            // A random direction, orthogonal to those found (retried if it happens to be parallel).
            let random: Vec<f64> = (0..origin.len()).map(|_| f64::from(filler.normal())).collect();
            if let Some(direction) = orthonormal(random, &found) {
                found.push(direction);
            } else if origin.len() < 2 {
                // One weight has no second direction: the plane repeats the first, at zero.
                found.push(vec![0.0; origin.len()]);
            }
        }
        let total: f64 = displacements.iter().map(|d| dot(d, d)).sum();
        let kept: f64 = displacements.iter().map(|d| dot(d, &found[0]).powi(2) + dot(d, &found[1]).powi(2)).sum();
        let explained = if total > 0.0 { (kept / total).min(1.0) as f32 } else { 1.0 };
        let as_f32 = |v: &[f64]| v.iter().map(|&x| x as f32).collect::<Vec<f32>>();
        Plane { directions: [as_f32(&found[0]), as_f32(&found[1])], origin, explained }
    }

    /// The coordinates of `weights` along the two directions, from the origin: exact for
    /// a point in the plane, its orthogonal projection otherwise.
    pub fn project(&self, weights: &[f32]) -> (f32, f32) {
        let along = |direction: &[f32]| {
            weights
                .iter()
                .zip(&self.origin)
                .zip(direction)
                .map(|((&w, &o), &d)| (f64::from(w) - f64::from(o)) * f64::from(d))
                .sum::<f64>() as f32
        };
        (along(&self.directions[0]), along(&self.directions[1]))
    }

    /// The weights at coordinates `(a, b)` of the plane.
    pub fn point(&self, a: f32, b: f32) -> Vec<f32> {
        let [first, second] = &self.directions;
        self.origin.iter().zip(first).zip(second).map(|((&o, &x), &y)| o + a * x + b * y).collect()
    }
}

/// Up to two orthonormal directions that hold the most of `rows`' squared length: the
/// top eigenvectors `u` of the small Gram matrix `rows · rowsᵀ` (power iteration with
/// deflation), mapped back as `rowsᵀ · u`, so the cost grows with the number of weights
/// only once, when the Gram matrix is built.
fn principal_directions(rows: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let longest = rows.iter().map(|r| dot(r, r)).fold(0.0, f64::max);
    if longest == 0.0 {
        return Vec::new();
    }
    let n = rows.len();
    let mut gram = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in i..n {
            let value = dot(&rows[i], &rows[j]);
            gram[i][j] = value;
            gram[j][i] = value;
        }
    }
    let mut found: Vec<Vec<f64>> = Vec::new();
    for _ in 0..2 {
        let mut u: Vec<f64> = (0..n).map(|i| 1.0 + i as f64 / n as f64).collect();
        let mut eigenvalue = 0.0;
        for _ in 0..POWER_ROUNDS {
            let next: Vec<f64> = gram.iter().map(|row| dot(row, &u)).collect();
            let length = dot(&next, &next).sqrt();
            if length == 0.0 {
                eigenvalue = 0.0;
                break;
            }
            eigenvalue = length;
            u = next.into_iter().map(|x| x / length).collect();
        }
        // The eigenvalue is the squared length the direction holds.
        if eigenvalue <= DEGENERATE * longest {
            break;
        }
        let Some(direction) = orthonormal(combine(rows, &u), &found) else { break };
        found.push(direction);
        // Deflation: the next round finds the best direction orthogonal to this one.
        for (i, row) in gram.iter_mut().enumerate() {
            for (j, value) in row.iter_mut().enumerate() {
                *value -= eigenvalue * u[i] * u[j];
            }
        }
    }
    found
}

/// `rowsᵀ · u`: the rows weighted by `u`, summed.
fn combine(rows: &[Vec<f64>], u: &[f64]) -> Vec<f64> {
    let width = rows.first().map_or(0, Vec::len);
    let mut sum = vec![0.0; width];
    for (row, &weight) in rows.iter().zip(u) {
        for (s, &x) in sum.iter_mut().zip(row) {
            *s += weight * x;
        }
    }
    sum
}

/// `v` made orthogonal to `basis` (orthonormal vectors) and of length 1; `None` when
/// nothing of it is left.
fn orthonormal(mut v: Vec<f64>, basis: &[Vec<f64>]) -> Option<Vec<f64>> {
    let before = dot(&v, &v).sqrt();
    // Twice, as classical Gram–Schmidt loses orthogonality in one pass.
    for _ in 0..2 {
        for b in basis {
            let along = dot(&v, b);
            v.iter_mut().zip(b).for_each(|(x, &y)| *x -= along * y);
        }
    }
    let length = dot(&v, &v).sqrt();
    if before == 0.0 || length <= 1e-6 * before {
        return None;
    }
    v.iter_mut().for_each(|x| *x /= length);
    Some(v)
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_orthonormal(plane: &Plane) {
        let [a, b] = &plane.directions;
        let d = |x: &[f32], y: &[f32]| x.iter().zip(y).map(|(p, q)| p * q).sum::<f32>();
        assert!((d(a, a) - 1.0).abs() < 1e-5 && (d(b, b) - 1.0).abs() < 1e-5, "unit length");
        assert!(d(a, b).abs() < 1e-5, "orthogonal: {}", d(a, b));
    }

    #[test]
    fn a_point_in_the_plane_projects_to_its_own_coordinates() {
        let origin = vec![0.5, -1.0, 2.0, 0.0, 1.5];
        let first = [1.0, 0.0, 1.0, 0.0, 0.0];
        let second = [0.0, 2.0, 0.0, -1.0, 0.5];
        let along = |a: f32, b: f32| -> Vec<f32> {
            origin.iter().enumerate().map(|(i, &o)| o + a * first[i] + b * second[i]).collect()
        };
        let paths: Vec<Vec<f32>> = vec![along(1.0, 0.0), along(2.0, 0.5), along(0.0, 1.0), along(-1.0, 3.0)];
        let views: Vec<&[f32]> = paths.iter().map(Vec::as_slice).collect();
        let plane = Plane::through(origin.clone(), &views);
        assert_orthonormal(&plane);
        assert!((plane.explained - 1.0).abs() < 1e-5, "the paths lie in the plane: {}", plane.explained);
        // Each path point comes back exactly from its own coordinates.
        for point in &paths {
            let (a, b) = plane.project(point);
            let back = plane.point(a, b);
            for (x, y) in back.iter().zip(point) {
                assert!((x - y).abs() < 1e-5, "{back:?} vs {point:?}");
            }
        }
        // And a point given by plane coordinates projects to those coordinates.
        let (a, b) = plane.project(&plane.point(0.75, -1.25));
        assert!((a - 0.75).abs() < 1e-5 && (b + 1.25).abs() < 1e-5, "({a}, {b})");
        assert_eq!(plane.project(&origin), (0.0, 0.0));
    }

    #[test]
    fn the_first_direction_follows_the_main_movement() {
        let origin = vec![0.0; 4];
        let paths = [vec![10.0, 0.1, 0.0, 0.0], vec![20.0, -0.1, 0.0, 0.0], vec![5.0, 0.0, 0.3, 0.0]];
        let views: Vec<&[f32]> = paths.iter().map(Vec::as_slice).collect();
        let plane = Plane::through(origin, &views);
        assert_orthonormal(&plane);
        assert!(plane.directions[0][0].abs() > 0.99, "{:?}", plane.directions[0]);
        assert!(plane.explained > 0.999, "{}", plane.explained);
    }

    #[test]
    fn no_movement_or_one_straight_path_still_gives_two_directions() {
        let origin = vec![1.0, 2.0, 3.0];
        let still = Plane::through(origin.clone(), &[&[1.0, 2.0, 3.0]]);
        assert_orthonormal(&still);
        assert_eq!(still.explained, 1.0);
        let straight = Plane::through(origin.clone(), &[&[2.0, 2.0, 3.0], &[3.0, 2.0, 3.0]]);
        assert_orthonormal(&straight);
        assert!(straight.directions[0][0].abs() > 0.999, "{:?}", straight.directions[0]);
        assert_eq!(Plane::through(origin, &[]).directions.len(), 2);
    }
}
