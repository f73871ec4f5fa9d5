//! Emits `src/mock/operations.rs` (the `mock` feature): one method of `mock::MockServer` per
//! operation, with the arguments of the `Client` method, giving a typed `Expectation`. The
//! machinery (recording, matching, reports) is the runtime's `mock.rs`.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::layout::{Here, Layout};
use super::{operations, type_tokens};
use crate::model::{Api, Media};

/// The tokens of `src/mock/operations.rs`.
///
/// Part `part` of `of` (a large spec's file is emitted and formatted in parts, on every thread,
/// then joined: see [`MOCK_OPERATIONS_OPENING`]): the module's head and the opening of the `impl`
/// in the first, its methods for a share of the operations in each, in order.
pub fn operations_rs(layout: &Layout<'_>, part: usize, of: usize) -> TokenStream {
    let api = layout.api();
    let paths = layout.at(Here::Root);
    let count = api.operations.len();
    let (start, end) = (part * count / of, (part + 1) * count / of);
    let methods: Vec<TokenStream> = api.operations[start..end]
        .iter()
        .map(|op| {
            let (client_fn, module, builder) = (&op.fn_name, &op.module, &op.builder_name);
            // Named as the `Client` method is, unless `MockServer` has a method of that name.
            let fn_name = &crate::naming::mock_method(client_fn);
            let args = operations::client_args(op, &paths);
            let params = args.iter().map(|(name, ty)| quote!(#name: #ty));
            let names = args.iter().map(|(name, _)| name);
            let response = response_type(op, &paths);
            // An event stream's expectation is answered with a script of its events.
            let expectation = match op.response.event_stream {
                true => quote!(super::EventsExpectation),
                false => quote!(Expectation),
            };
            let paging = op.pagination.as_ref().filter(|_| !op.response.outcome && !op.response.event_stream).map(|pg| {
                let setter = &pg.token_rust_name;
                let next = operations::next_token(pg);
                quote!(.paging(|builder, token| builder.#setter(token), |page| #next))
            });
            let label = Literal::string(&op.id);
            let doc = format!(
                " Expects a call of [`Client::{0}`](crate::Client::{0}) with these arguments (`{1} {2}`).",
                op.fn_name.as_str(),
                op.method.as_str(),
                op.path
            );
            let deprecated = op.deprecated.then(|| quote!(#[allow(deprecated)]));
            quote! {
                #[doc = #doc]
                #deprecated
                pub fn #fn_name(&self, #(#params),*) -> #expectation<'_, operations::#module::#builder, #response> {
                    #expectation::new(self, #label, self.recorder_client().#client_fn(#(#names),*))
                    #paging
                }
            }
        })
        .collect();
    if part > 0 {
        return quote! {
            impl MockServer {
                #(#methods)*
            }
        };
    }
    // Each module only where a method names a type in it: `operations` names every builder, and
    // `types` is judged from every part's methods' signatures (not kept: a large spec's file is
    // emitted in parts).
    let names_types = api.operations.iter().any(|op| {
        let args = operations::client_args(op, &paths);
        args.iter().any(|(_, ty)| super::operations::uses_path(ty, "types")) || super::operations::uses_path(&response_type(op, &paths), "types")
    });
    let import = match (api.operations.is_empty(), names_types) {
        (true, false) => None,
        (true, true) => Some(quote!(
            use crate::types;
        )),
        (false, false) => Some(quote!(
            use crate::operations;
        )),
        (false, true) => Some(quote!(
            use crate::{operations, types};
        )),
    };
    quote! {
        //! One expectation per operation: the mock's methods, with the `Client` methods' arguments.

        #import

        use super::{Expectation, MockServer};

        impl MockServer {
            #(#methods)*
        }
    }
}

/// The type a mock's expectation of `op` answers with: its response's, or any JSON.
fn response_type(op: &crate::model::Operation, paths: &super::layout::Paths<'_>) -> TokenStream {
    match (&op.response.ty, &op.response.media) {
        (Some(ty), _) if op.response.event_stream => type_tokens(ty, paths),
        (Some(ty), Media::Json) if !op.response.outcome => type_tokens(ty, paths),
        _ => quote!(serde_json::Value),
    }
}

/// The line that opens the `impl` every part of `src/mock/operations.rs` is emitted in, as
/// formatted: the parts, formatted, are one `impl` again once the second and later lose it and
/// all but the last lose the closing brace (see [`crate::format::join_impl_parts`]).
pub const MOCK_OPERATIONS_OPENING: &str = "impl MockServer {\n";

/// The crate documentation's section on the mocks.
pub const TESTING_DOC: &str = "# Testing your code\n\nWith the `mock` feature (in your `[dev-dependencies]`: `features = [\"mock\"]`), `mock::MockServer` is a mock of the API on loopback with one method per operation, taking the same arguments as the [`Client`] method: `mock.<operation>(<its arguments>).respond(response).await`, `.respond_error(404, body)`, `.times(2)`, `.with(|call| call.limit(10))` for optional parameters, `.pages([..])` for a list operation. An expectation matches exactly what the client sends, as the client itself encodes the request it expects. Point the code under test at `mock.client()`; a request no expectation matches is answered `404` and fails the test, with a report of the closest expectation and every difference. Without the feature, the crate has no mock code and no extra dependency.";

/// The README's "Testing your code" section.
pub fn readme(api: &Api, krate: &str) -> String {
    let example =
        api.operations.iter().find(|o| o.params.iter().all(|p| !p.required || p.identity_header) && o.body.is_none() && !o.response.outcome);
    let mut out = String::from("## Testing your code\n\n");
    out.push_str("Turn on the `mock` feature in your dev-dependencies for typed mocks of the API (on `wiremock`, which the crate does not depend on otherwise):\n\n");
    out.push_str(&format!("```toml\n[dev-dependencies]\n{} = {{ version = \"*\", features = [\"mock\"] }}\n```\n\n", krate.replace('_', "-")));
    if let Some(op) = example {
        let name = op.fn_name.as_str();
        out.push_str(&format!(
            "```rust,ignore\nlet mock = {krate}::mock::MockServer::start().await;\nmock.{name}().times(1).respond(serde_json::from_value(response_json)?).await;\nmy_code({krate}::Client::clone(&mock.client())).await?; // your code, given a client of the mock\n```\n\n"
        ));
    }
    out.push_str("`mock::MockServer` has one method per operation, with the arguments of the `Client` method, giving an expectation: `.with(|call| ..)` sets optional parameters or a call's identity headers with the builder's own setters, `.times(n)` bounds the number of calls, and `.respond(response)`, `.respond_error(status, body)`, `.respond_with(ResponseTemplate)` or, for a list operation, `.pages([page1, page2, page3])` answer it. The request an expectation matches is encoded by the client's own code (path, query styles, identity headers, body), so it cannot drift from what the client sends. A request that matches no expectation gets a `404` whose body, like the panic when the mock is dropped, names the closest expectation and every difference (`mock.take_unmatched()` returns those reports).\n\n");
    if let Some(op) = api.operations.iter().find(|o| o.response.event_stream) {
        out.push_str(&format!(
            "An operation that answers with a stream of events is answered with a script of them: `mock.{}(..).respond_events(mock::EventScript::new().event(first).keep_alive().event_with_id(\"2\", second).then_drop()).await` (typed events, keep-alives, raw text for a malformed one, then the end of the stream or a drop in the middle of an event).\n\n",
            op.fn_name.as_str()
        ));
    }
    out
}
