//! Failed-login throttling policy: how many failures a key may accumulate in
//! a sliding window before further attempts are refused, and for how long.
//! The store of failures lives at the edge; this is only the arithmetic.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginThrottle {
    pub max_failures: usize,
    pub window_secs: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThrottleDecision {
    Allow,
    RetryAfter { secs: u64 },
}

impl LoginThrottle {
    /// Per tenant and email address: 5 failures per 15 minutes.
    pub const PER_ACCOUNT: LoginThrottle = LoginThrottle {
        max_failures: 5,
        window_secs: 15 * 60,
    };
    /// Per client IP across all accounts: 20 failures per 15 minutes.
    pub const PER_IP: LoginThrottle = LoginThrottle {
        max_failures: 20,
        window_secs: 15 * 60,
    };
    /// Per device cookie (a browser the account signed in from before),
    /// instead of the two above: 5 failures per 15 minutes.
    pub const PER_DEVICE: LoginThrottle = LoginThrottle {
        max_failures: 5,
        window_secs: 15 * 60,
    };

    /// Drops failures that have left the window (timestamps in seconds, ascending).
    pub fn prune(&self, failures: &mut Vec<u64>, now: u64) {
        failures.retain(|&t| t + self.window_secs > now);
    }

    /// Whether a new attempt may proceed given the recorded failures (already pruned or not).
    pub fn decide(&self, failures: &[u64], now: u64) -> ThrottleDecision {
        let recent: Vec<u64> = failures
            .iter()
            .copied()
            .filter(|&t| t + self.window_secs > now)
            .collect();
        if recent.len() < self.max_failures {
            return ThrottleDecision::Allow;
        }
        // Blocked until enough failures age out to fall below the limit again.
        let freeing = recent[recent.len() - self.max_failures];
        let secs = (freeing + self.window_secs).saturating_sub(now).max(1);
        ThrottleDecision::RetryAfter { secs }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: LoginThrottle = LoginThrottle {
        max_failures: 3,
        window_secs: 60,
    };

    #[test]
    fn allows_until_the_limit() {
        assert_eq!(P.decide(&[], 100), ThrottleDecision::Allow);
        assert_eq!(P.decide(&[90, 95], 100), ThrottleDecision::Allow);
    }

    #[test]
    fn blocks_at_the_limit_with_time_until_oldest_expires() {
        assert_eq!(
            P.decide(&[90, 95, 99], 100),
            ThrottleDecision::RetryAfter { secs: 50 }
        );
        assert_eq!(
            P.decide(&[80, 90, 95, 99], 100),
            ThrottleDecision::RetryAfter { secs: 50 }
        );
    }

    #[test]
    fn old_failures_leave_the_window() {
        assert_eq!(P.decide(&[10, 95, 99], 100), ThrottleDecision::Allow);
        let mut f = vec![10, 40, 95];
        P.prune(&mut f, 100);
        assert_eq!(f, vec![95], "40 + 60 is not after 100");
    }

    #[test]
    fn retry_after_is_never_zero() {
        assert_eq!(
            P.decide(&[41, 41, 41], 100),
            ThrottleDecision::RetryAfter { secs: 1 }
        );
    }
}
