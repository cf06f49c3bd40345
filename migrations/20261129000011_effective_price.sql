-- What a course costs now, in minor units: the sale price while the sale
-- runs, else the list price. The one SQL form of `Pricing::effective`
-- (src/catalog/pricing.rs); a test holds the two equal over a table of
-- cases. A plain SQL expression function, so the planner inlines it.
create function effective_price_minor(
    p_list_price_minor bigint,
    p_sale_price_minor bigint,
    p_sale_ends_at timestamptz
) returns bigint
    language sql stable parallel safe
    as $$
        select case when p_sale_price_minor is not null and p_sale_ends_at > now()
                    then p_sale_price_minor else p_list_price_minor end
    $$;

grant execute on function effective_price_minor(bigint, bigint, timestamptz) to lyceum_app;
