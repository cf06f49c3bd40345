//! Portal settings an admin chooses: for now the currency the portal sells in.
//!
//! A portal sells in one currency (`tenant.currency`): every course price
//! is in it, so prices sort and fall into price bands comparably. It can be
//! changed while no course has a price; afterwards changing it would mean
//! repricing every course, which is the instructors' decision, not a
//! conversion the platform could make up.

use crate::error::AppError;
use leptos::prelude::*;
use lyceum::Currency;
use serde::{Deserialize, Serialize};

/// What the settings panel shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PortalSettings {
    pub currency: String,
    /// Courses with a price (a change of currency waits until there are none).
    pub priced_courses: i64,
}

#[server(prefix = "/fn", endpoint = "admin/settings", output = crate::wire::Answer)]
pub async fn load_portal_settings() -> Result<PortalSettings, AppError> {
    crate::request::finish(server::portal_settings().await)
}

/// `currency`: an ISO 4217 code of a supported currency.
#[server(prefix = "/fn", endpoint = "admin/currency", output = crate::wire::Answer)]
pub async fn set_portal_currency(currency: String) -> Result<String, AppError> {
    crate::request::finish(server::set_portal_currency(currency).await)
}

#[cfg(feature = "ssr")]
mod server {
    use super::*;
    use crate::catalog::courses;
    use crate::identity::tenants::{self, Hold};
    use crate::request::{app_state, in_transaction, request_ctx};
    use lyceum::Permission;

    pub async fn portal_settings() -> Result<PortalSettings, AppError> {
        let ctx = request_ctx()?;
        ctx.require(Permission::TenantConfigure)?;
        let settings = in_transaction(&ctx, async |tx| {
            Ok(PortalSettings {
                currency: tenants::currency(tx, Hold::Read).await?,
                priced_courses: courses::priced_courses(tx).await?,
            })
        })
        .await?;
        Ok(settings)
    }

    pub async fn set_portal_currency(currency: String) -> Result<String, AppError> {
        let ctx = request_ctx()?;
        ctx.require(Permission::TenantConfigure)?;
        let currency =
            Currency::parse(&currency).map_err(|e| AppError::invalid("currency", e.to_string()))?;
        let state = app_state();
        let mut tx = state.db.begin(&ctx).await?;
        let current =
            crate::identity::tenants::currency(&mut tx, crate::identity::tenants::Hold::Read)
                .await?;
        if current != currency.code() {
            // Prices are checked and changed under the course lock, so no
            // price can be saved in the old currency meanwhile.
            courses::change_currency(&mut tx, currency).await?;
        }
        tx.commit().await?;
        tracing::info!(tenant.id = %ctx.tenant.id, from = %current, to = currency.code(), "portal currency set");
        Ok(currency.code().to_owned())
    }
}

#[component]
pub fn CurrencySettings() -> impl IntoView {
    let save = ServerAction::<SetPortalCurrency>::new();
    let settings = crate::wire::resource(move || save.version().get(), |_| load_portal_settings());
    let error = crate::ui::action_error(save);
    view! {
        <section class="panel" aria-labelledby="settings-heading" data-testid="portal-settings">
            <h2 id="settings-heading">"Portal settings"</h2>
            <Transition fallback=|| view! { <p class="muted">"Loading settings…"</p> }>
                <ErrorBoundary fallback=|errors| view! { <crate::ui::ErrorList errors/> }>
                    {move || Suspend::new(async move {
                        settings.await.map(|s| {
                            let locked = s.priced_courses > 0;
                            let options = Currency::all()
                                .map(|c| {
                                    let code = c.code();
                                    view! {
                                        <option value=code selected=code == s.currency>
                                            {format!("{code} — {} ({})", c.name(), c.symbol())}
                                        </option>
                                    }
                                })
                                .collect_view();
                            view! {
                                <ActionForm action=save attr:class="form form--inline" attr:data-testid="currency-form">
                                    <div>
                                        <label for="portal-currency">"Currency"</label>
                                        <select id="portal-currency" name="currency" disabled=locked
                                            aria-describedby="currency-hint currency-error">{options}</select>
                                    </div>
                                    <button type="submit" class="button" disabled=locked>"Save"</button>
                                </ActionForm>
                                <p class="hint" id="currency-hint">
                                    {if locked {
                                        format!(
                                            "Every course is priced in {}: {} courses have a price. The currency can change while every course is free.",
                                            s.currency, s.priced_courses
                                        )
                                    } else {
                                        "Course prices are set in this currency.".to_owned()
                                    }}
                                </p>
                            }
                        })
                    })}
                </ErrorBoundary>
            </Transition>
            {move || error.get().map(|e| {
                let detail = e.field_errors().and_then(|f| f.get("currency").map(|m| format!("Currency {m}.")));
                view! { <p class="field-error" id="currency-error" role="alert">{detail.unwrap_or_else(|| e.to_string())}</p> }
            })}
        </section>
    }
}
