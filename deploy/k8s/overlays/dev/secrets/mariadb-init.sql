-- DEV ONLY: run once by the mariadb image on an empty data directory (docker-entrypoint-initdb.d).
-- One account per service, limited to its own database (DESIGN.md: a service reads only its own tables);
-- each service creates and migrates its database at start.
CREATE USER IF NOT EXISTS 'user_service'@'%' IDENTIFIED BY 'dev-only-user-db-password';
GRANT ALL PRIVILEGES ON `bookstore_user`.* TO 'user_service'@'%';
CREATE USER IF NOT EXISTS 'catalog_service'@'%' IDENTIFIED BY 'dev-only-catalog-db-password';
GRANT ALL PRIVILEGES ON `bookstore_catalog`.* TO 'catalog_service'@'%';
CREATE USER IF NOT EXISTS 'order_service'@'%' IDENTIFIED BY 'dev-only-order-db-password';
GRANT ALL PRIVILEGES ON `bookstore_order`.* TO 'order_service'@'%';
CREATE USER IF NOT EXISTS 'recommendation_service'@'%' IDENTIFIED BY 'dev-only-recommendation-db-password';
GRANT ALL PRIVILEGES ON `bookstore_recommendation`.* TO 'recommendation_service'@'%';
CREATE USER IF NOT EXISTS 'seeder'@'%' IDENTIFIED BY 'dev-only-seeder-db-password';
GRANT ALL PRIVILEGES ON `bookstore\_%`.* TO 'seeder'@'%';
