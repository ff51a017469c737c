//! OpenAPI 3.1 tuples (`prefixItems`), as typify's `x-rust-type` extension names them.
//!
//! typify can use an existing Rust type for a schema, named by path with type parameters, but
//! a tuple is no path: the generator names these aliases instead. `Tuple2<A, B>` is `(A, B)`,
//! nothing more.

/// A tuple of 1 item, for a schema whose `prefixItems` has 1.
pub type Tuple1<A> = (A,);

/// A tuple of 2 items, for a schema whose `prefixItems` have 2.
pub type Tuple2<A, B> = (A, B);

/// A tuple of 3 items, for a schema whose `prefixItems` have 3.
pub type Tuple3<A, B, C> = (A, B, C);

/// A tuple of 4 items, for a schema whose `prefixItems` have 4.
pub type Tuple4<A, B, C, D> = (A, B, C, D);

/// A tuple of 5 items, for a schema whose `prefixItems` have 5.
pub type Tuple5<A, B, C, D, E> = (A, B, C, D, E);

/// A tuple of 6 items, for a schema whose `prefixItems` have 6.
pub type Tuple6<A, B, C, D, E, F> = (A, B, C, D, E, F);

/// A tuple of 7 items, for a schema whose `prefixItems` have 7.
pub type Tuple7<A, B, C, D, E, F, G> = (A, B, C, D, E, F, G);

/// A tuple of 8 items, for a schema whose `prefixItems` have 8.
pub type Tuple8<A, B, C, D, E, F, G, H> = (A, B, C, D, E, F, G, H);

/// A tuple of 9 items, for a schema whose `prefixItems` have 9.
pub type Tuple9<A, B, C, D, E, F, G, H, I> = (A, B, C, D, E, F, G, H, I);

/// A tuple of 10 items, for a schema whose `prefixItems` have 10.
pub type Tuple10<A, B, C, D, E, F, G, H, I, J> = (A, B, C, D, E, F, G, H, I, J);

/// A tuple of 11 items, for a schema whose `prefixItems` have 11.
pub type Tuple11<A, B, C, D, E, F, G, H, I, J, K> = (A, B, C, D, E, F, G, H, I, J, K);

/// A tuple of 12 items, for a schema whose `prefixItems` have 12.
pub type Tuple12<A, B, C, D, E, F, G, H, I, J, K, L> = (A, B, C, D, E, F, G, H, I, J, K, L);

/// A tuple of 13 items, for a schema whose `prefixItems` have 13.
pub type Tuple13<A, B, C, D, E, F, G, H, I, J, K, L, M> = (A, B, C, D, E, F, G, H, I, J, K, L, M);

/// A tuple of 14 items, for a schema whose `prefixItems` have 14.
pub type Tuple14<A, B, C, D, E, F, G, H, I, J, K, L, M, N> =
    (A, B, C, D, E, F, G, H, I, J, K, L, M, N);

/// A tuple of 15 items, for a schema whose `prefixItems` have 15.
pub type Tuple15<A, B, C, D, E, F, G, H, I, J, K, L, M, N, O> =
    (A, B, C, D, E, F, G, H, I, J, K, L, M, N, O);

/// A tuple of 16 items, for a schema whose `prefixItems` have 16.
pub type Tuple16<A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P> =
    (A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P);
