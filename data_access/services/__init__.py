"""Public-service reads and chores (一铺一码, 一户一码, 统一报表, 统一门户, 便民服务), one module each."""
