module example.com/inventory-api

go 1.26
