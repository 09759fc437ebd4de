//! A parallel map over a stream that hands results on in input order.
//!
//! Owns: running work items on the rayon pool while one thread consumes
//! the results in the order the items came, with a bounded number in
//! flight. Does not own: what the work is, or what the consumer does with
//! it. Used by `extract` (write each article's output as soon as every
//! article before it is written) and `audit` (collect quotes).
//!
//! Why not `par_iter` or `par_bridge`: `par_iter` needs the whole input
//! collected first, and `par_bridge` gives results in no order. Here a
//! producer thread walks the input and spawns one task per item; tasks
//! finish in any order, and the consumer keeps the early finishers until
//! their turn. At most `window` items are between "taken from the input"
//! and "handed to the consumer", so memory is bounded by `window` items
//! and their results, whatever the size of the input.

use std::collections::BTreeMap;
use std::panic::{self, AssertUnwindSafe};
use std::sync::{mpsc, Arc, Condvar, Mutex};

/// Sizes rayon's global pool: `n` threads, or one per core when `n` is 0.
/// The pool can be sized once per process; a second call with a size
/// (as tests make) keeps the first pool.
pub fn use_threads(n: usize) -> anyhow::Result<()> {
    if n == 0 {
        return Ok(());
    }
    if rayon::ThreadPoolBuilder::new().num_threads(n).build_global().is_err()
        && rayon::current_num_threads() != n
    {
        anyhow::bail!("cannot start {n} worker threads: the thread pool is already running");
    }
    Ok(())
}

/// Runs `work` on every item of `items` on the rayon pool and calls
/// `consume` with the results in item order, on the calling thread.
///
/// At most `window` items (at least 1) are in flight. When `consume`
/// returns an error, no new item is started, the items in flight are
/// finished and dropped, and the error is returned. A panic in `work` is
/// resumed on the calling thread.
pub fn map<I, T, R, E>(
    items: I,
    window: usize,
    work: impl Fn(T) -> R + Send + Sync + 'static,
    mut consume: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E>
where
    I: Iterator<Item = T> + Send,
    T: Send + 'static,
    R: Send + 'static,
{
    let work = Arc::new(work);
    let slots = Arc::new(Slots::new(window.max(1)));
    let (tx, rx) = mpsc::channel::<(u64, std::thread::Result<R>)>();
    std::thread::scope(|scope| {
        let producer_slots = Arc::clone(&slots);
        scope.spawn(move || {
            let mut items = items;
            // A slot is taken before the item is, so that no more than
            // `window` items are ever out of the input.
            for seq in 0u64.. {
                if !producer_slots.take() {
                    break;
                }
                let Some(item) = items.next() else { break };
                let tx = tx.clone();
                let work = Arc::clone(&work);
                // FIFO so that items start in input order: the consumer
                // then rarely holds finished results waiting for an
                // earlier one.
                rayon::spawn_fifo(move || {
                    let out = panic::catch_unwind(AssertUnwindSafe(|| work(item)));
                    // The consumer may have stopped; the result is then
                    // not wanted.
                    let _ = tx.send((seq, out));
                });
            }
            // Dropping the last sender here (and in each task as it ends)
            // ends the consumer's loop.
        });

        let mut early: BTreeMap<u64, R> = BTreeMap::new();
        let mut next = 0u64;
        let mut outcome = Ok(());
        for (seq, out) in rx {
            let out = match out {
                Ok(out) => out,
                Err(payload) => {
                    slots.close();
                    panic::resume_unwind(payload);
                }
            };
            if outcome.is_err() {
                continue;
            }
            early.insert(seq, out);
            while let Some(out) = early.remove(&next) {
                next += 1;
                if let Err(e) = consume(out) {
                    outcome = Err(e);
                    slots.close();
                    early.clear();
                    break;
                }
                slots.give_back();
            }
        }
        outcome
    })
}

/// A counting semaphore that can be closed: `take` waits for a free slot
/// and returns false once closed.
struct Slots {
    state: Mutex<(usize, bool)>,
    freed: Condvar,
}

impl Slots {
    fn new(n: usize) -> Slots {
        Slots { state: Mutex::new((n, false)), freed: Condvar::new() }
    }

    fn take(&self) -> bool {
        // A poisoned lock means a thread panicked holding it; the panic is
        // being reported elsewhere, so stop taking work.
        let Ok(mut st) = self.state.lock() else { return false };
        loop {
            if st.1 {
                return false;
            }
            if st.0 > 0 {
                st.0 -= 1;
                return true;
            }
            st = match self.freed.wait(st) {
                Ok(st) => st,
                Err(_) => return false,
            };
        }
    }

    fn give_back(&self) {
        if let Ok(mut st) = self.state.lock() {
            st.0 += 1;
        }
        self.freed.notify_one();
    }

    fn close(&self) {
        if let Ok(mut st) = self.state.lock() {
            st.1 = true;
        }
        self.freed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    #[test]
    fn results_come_in_input_order() {
        // Later items finish first: the order must still be the input's.
        let mut got = Vec::new();
        let r: Result<(), ()> = map(
            0..50u64,
            8,
            |i| {
                std::thread::sleep(Duration::from_micros((50 - i) * 20));
                i * 2
            },
            |x| {
                got.push(x);
                Ok(())
            },
        );
        assert_eq!(r, Ok(()));
        assert_eq!(got, (0..50u64).map(|i| i * 2).collect::<Vec<_>>());
    }

    #[test]
    fn no_more_than_the_window_is_in_flight() {
        static LIVE: AtomicUsize = AtomicUsize::new(0);
        static MAX: AtomicUsize = AtomicUsize::new(0);
        let items = (0..200).inspect(|_| {
            let now = LIVE.fetch_add(1, Ordering::SeqCst) + 1;
            MAX.fetch_max(now, Ordering::SeqCst);
        });
        let r: Result<(), ()> = map(
            items,
            3,
            |i: i32| i,
            |_| {
                LIVE.fetch_sub(1, Ordering::SeqCst);
                Ok(())
            },
        );
        assert_eq!(r, Ok(()));
        assert!(MAX.load(Ordering::SeqCst) <= 3, "{}", MAX.load(Ordering::SeqCst));
    }

    #[test]
    fn an_error_stops_taking_items() {
        let taken = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&taken);
        let items = (0..100_000).inspect(move |_| {
            counter.fetch_add(1, Ordering::SeqCst);
        });
        let mut seen = 0;
        let r = map(
            items,
            4,
            |i: i32| i,
            |i| {
                seen += 1;
                if i == 10 {
                    Err("stop")
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!(r, Err("stop"));
        assert_eq!(seen, 11);
        assert!(taken.load(Ordering::SeqCst) < 100, "{}", taken.load(Ordering::SeqCst));
    }

    #[test]
    fn a_panic_in_the_work_reaches_the_caller() {
        let r = std::panic::catch_unwind(|| {
            let _: Result<(), ()> =
                map(0..10, 2, |i: i32| if i == 5 { panic!("boom") } else { i }, |_| Ok(()));
        });
        assert!(r.is_err());
    }
}
