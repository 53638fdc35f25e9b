#!/usr/bin/env bash
# Rebuilds previous-release.db: a small store database made by the migrations of the release before this one (40 products,
# an admin, a paid order), which the upgrade tests start the app on. Run it from the repository root on the PREVIOUS
# release's commit (git worktree add /tmp/prev <tag>; cd /tmp/prev), then copy the file into this folder of the new one.
set -euo pipefail
out="$(pwd)/WebApp.Tests/Fixtures/previous-release.db"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export ConnectionStrings__Store="Data Source=$tmp/store.db" DOTNET_ENVIRONMENT=Testing
dotnet run --no-launch-profile --project WebApp -- seed --products 40
dotnet run --no-launch-profile --project WebApp -- create-admin --email fixture-admin@example.com --password "violet crane harbour tundra"
sqlite3 "$tmp/store.db" <<'SQL'
INSERT INTO Orders (AddressLine1, City, Country, Email, FullName, IdempotencyKey, PaymentMethod, PaymentReference, Phone, PlacedAt,
    PostalCode, ShippingCents, ShippingMethod, Status, SubtotalCents, TaxCents, TaxIncluded, TaxRateBasisPoints, TotalCents, UserId)
SELECT '1 Fixture Street', 'Dublin', 'IE', 'fixture-admin@example.com', 'Fixture Buyer', 'fixture-order-1', 'card', 'fixture-payment',
    '+353 1 000 0000', '2026-11-29 10:00:00', 'D01 F1X7', 499, 'standard', 'Paid', 2 * p.PriceCents, 0, 1, 2300,
    2 * p.PriceCents + 499, (SELECT Id FROM AspNetUsers WHERE NormalizedEmail = 'FIXTURE-ADMIN@EXAMPLE.COM')
FROM Products p WHERE p.Id = 1;
INSERT INTO OrderLines (OrderId, ProductId, Sku, Name, UnitPriceCents, Quantity)
SELECT o.Id, p.Id, p.Sku, p.Name, p.PriceCents, 2 FROM Orders o, Products p WHERE o.IdempotencyKey = 'fixture-order-1' AND p.Id = 1;
INSERT INTO OrderStatusChanges (OrderId, Status, At, Note)
SELECT Id, 'Paid', '2026-11-29 10:00:00', 'Fixture' FROM Orders WHERE IdempotencyKey = 'fixture-order-1';
VACUUM;
PRAGMA wal_checkpoint(TRUNCATE);
SQL
# The sqlite3 shell checkpoints on close and leaves one self-contained file, still in WAL mode like the store's.
cp "$tmp/store.db" "$out"
ls -l "$out"
