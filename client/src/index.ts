/* placeholder: replaced by the client work */ export {};
