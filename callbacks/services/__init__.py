"""Public services (一铺一码, 一户一码, 统一报表, 便民服务): the /services page's panels."""
